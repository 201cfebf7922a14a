#include "problems/gubser_solution.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ishydro {

GubserCoefficients gubser_coefficients(const TransportConfig& cfg, const Eos& eos) {
  GubserCoefficients c;
  c.tau_pi_coeff = cfg.tau_pi_coeff.value_or(5.0);
  c.C = c.tau_pi_coeff * cfg.eta_over_s.value_or(0.0);
  if (c.C <= 0) {
    c.C = 0;
    return c;
  }
  // The ratios are constants for a conformal EoS with tau_pi = tau_pi_coeff * eta / (e + p): any e will do.
  const Transport transport(cfg, eos);
  const double e = eos.energy_density(0.3);
  const TransportCoefficients tc = transport.at(e);
  c.d = tc.delta_pipi / tc.tau_pi;
  c.t = tc.tau_pipi / tc.tau_pi;
  c.f = tc.phi7 * (e + eos.pressure(e)) / 2.0;
  return c;
}

void GubserSolution::derivatives(const GubserCoefficients& c, double rho, double T, double pb,
                                 double out[2]) {
  const double th = std::tanh(rho);
  out[0] = T * th * (pb / 3.0 - 2.0 / 3.0);
  if (c.C <= 0) {
    out[1] = 0.0;  // ideal: pi_bar is held at 0
    return;
  }
  const double inv_tau_pi = T / c.C;  // 1 / tau_pi_hat
  out[1] = -pb * inv_tau_pi + 4.0 / (3.0 * c.tau_pi_coeff) * th +
           (8.0 / 3.0 - 2.0 * c.d + c.t / 3.0) * pb * th - 4.0 / 3.0 * pb * pb * th -
           c.f * pb * pb * inv_tau_pi;
}

GubserSolution::GubserSolution(double q, double T_hat0, double pi_bar0, const GubserCoefficients& coeffs,
                               const Eos& eos, double rho_min, double rho_max, double max_step)
    : q_(q), c_(coeffs), eos_(eos) {
  if (!(max_step > 0)) throw std::invalid_argument("GubserSolution: max_step must be > 0");
  rho_min = std::min(rho_min, 0.0);
  rho_max = std::max(rho_max, 0.0);
  // A uniform grid through 0: as many steps each way as the longer side needs.
  const int n_lo = std::max(1, static_cast<int>(std::ceil(-rho_min / max_step)));
  const int n_hi = std::max(1, static_cast<int>(std::ceil(rho_max / max_step)));
  h_ = std::max(-rho_min / n_lo, rho_max / n_hi);
  if (h_ <= 0) h_ = max_step;
  // At least one step each way, so that every evaluation has an interval.
  const int k_lo = std::max(1, static_cast<int>(std::ceil(-rho_min / h_ - 1e-9)));
  const int k_hi = std::max(1, static_cast<int>(std::ceil(rho_max / h_ - 1e-9)));
  rho_lo_ = -k_lo * h_;
  rho_hi_ = k_hi * h_;
  const int n = k_lo + k_hi + 1;
  T_.assign(n, 0.0);
  pi_.assign(n, 0.0);
  dT_.assign(n, 0.0);
  dpi_.assign(n, 0.0);
  auto store = [&](int k, double T, double pb) {
    T_[k] = T;
    pi_[k] = pb;
    double d[2];
    derivatives(c_, rho_lo_ + k * h_, T, pb, d);
    dT_[k] = d[0];
    dpi_[k] = d[1];
  };
  store(k_lo, T_hat0, pi_bar0);
  // Classical RK4, forward (sign +1) and backward (sign -1) from rho = 0.
  for (int sign : {1, -1}) {
    double y[2] = {T_hat0, pi_bar0};
    const int steps = sign > 0 ? k_hi : k_lo;
    const double dr = sign * h_;
    for (int s = 0; s < steps; ++s) {
      const double r0 = sign * s * h_;
      double k1[2], k2[2], k3[2], k4[2], t[2];
      derivatives(c_, r0, y[0], y[1], k1);
      for (int i = 0; i < 2; ++i) t[i] = y[i] + 0.5 * dr * k1[i];
      derivatives(c_, r0 + 0.5 * dr, t[0], t[1], k2);
      for (int i = 0; i < 2; ++i) t[i] = y[i] + 0.5 * dr * k2[i];
      derivatives(c_, r0 + 0.5 * dr, t[0], t[1], k3);
      for (int i = 0; i < 2; ++i) t[i] = y[i] + dr * k3[i];
      derivatives(c_, r0 + dr, t[0], t[1], k4);
      for (int i = 0; i < 2; ++i) y[i] += dr / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
      if (!std::isfinite(y[0]) || !std::isfinite(y[1]) || y[0] <= 0)
        throw std::runtime_error(
            "the Gubser-frame ODEs have no regular solution at rho = " + std::to_string(r0 + dr) +
            " (T_hat = " + std::to_string(y[0]) + ", pi_bar = " + std::to_string(y[1]) + ")");
      store(k_lo + sign * (s + 1), y[0], y[1]);
    }
  }
}

double GubserSolution::interpolate(double rho, int component) const {
  if (rho < rho_lo_ - 1e-12 || rho > rho_hi_ + 1e-12)
    throw std::out_of_range("GubserSolution: rho = " + std::to_string(rho) + " outside the table [" +
                            std::to_string(rho_lo_) + ", " + std::to_string(rho_hi_) + "]");
  const std::vector<double>& y = component == 0 ? T_ : pi_;
  const std::vector<double>& dy = component == 0 ? dT_ : dpi_;
  const int last = static_cast<int>(y.size()) - 1;
  const double s = (rho - rho_lo_) / h_;
  const int k = std::clamp(static_cast<int>(std::floor(s)), 0, last - 1);
  const double x = s - k;  // in [0, 1]
  // Cubic Hermite basis.
  const double x2 = x * x, x3 = x2 * x;
  const double h00 = 2 * x3 - 3 * x2 + 1, h10 = x3 - 2 * x2 + x, h01 = -2 * x3 + 3 * x2, h11 = x3 - x2;
  return h00 * y[k] + h10 * h_ * dy[k] + h01 * y[k + 1] + h11 * h_ * dy[k + 1];
}

double GubserSolution::rho_of(double q, double tau, double r) {
  return -std::asinh((1.0 - q * q * tau * tau + q * q * r * r) / (2.0 * q * tau));
}

double GubserSolution::kappa_of(double q, double tau, double r) {
  return std::atanh(2.0 * q * q * tau * r / (1.0 + q * q * tau * tau + q * q * r * r));
}

void GubserSolution::rho_range(double q, double tau_lo, double tau_hi, double r_max, double& lo, double& hi) {
  // rho falls with r at fixed tau and rises with tau at fixed r.
  lo = rho_of(q, tau_lo, r_max);
  hi = rho_of(q, tau_hi, 0.0);
}

GubserMilneFields GubserSolution::milne_fields(double tau, double x, double y) const {
  GubserMilneFields f;
  const double r = std::hypot(x, y);
  f.rho = rho_of(q_, tau, r);
  f.kappa = kappa_of(q_, tau, r);
  f.T = T_hat(f.rho) * kHbarC / tau;
  f.e = eos_.energy_density(f.T);
  const double w = f.e + eos_.pressure(f.e);
  const double ch = std::cosh(f.kappa), sh = std::sinh(f.kappa);
  const double cphi = r > 0 ? x / r : 1.0, sphi = r > 0 ? y / r : 0.0;
  f.u_tau = ch;
  f.u[0] = sh * cphi;
  f.u[1] = sh * sphi;
  f.u[2] = 0.0;
  // In the Gubser frame pi = pi_bar w diag(-1/2, -1/2, 1) over (theta, phi, eta). The theta direction
  // maps to X = (sinh kappa, cosh kappa) in the (tau, r) plane, orthogonal to u.
  const double pe = pi_bar(f.rho) * w;  // pi^{eta eta} (orthonormal)
  const double p_theta = -0.5 * pe;     // along X
  const double p_phi = -0.5 * pe;       // along phi-hat
  const double p_rr = p_theta * ch * ch;
  const double p_tr = p_theta * sh * ch;
  f.pi_tautau = p_theta * sh * sh;
  f.pi[0] = p_rr * cphi * cphi + p_phi * sphi * sphi;  // xx
  f.pi[1] = (p_rr - p_phi) * cphi * sphi;              // xy
  f.pi[2] = 0.0;                                       // x eta
  f.pi[3] = p_rr * sphi * sphi + p_phi * cphi * cphi;  // yy
  f.pi[4] = 0.0;                                       // y eta
  f.pi[5] = pe;                                        // eta eta
  f.pi_tau[0] = p_tr * cphi;
  f.pi_tau[1] = p_tr * sphi;
  f.pi_tau[2] = 0.0;
  return f;
}

double smooth_window(double r, double r_in, double r_out) {
  if (r <= r_in) return 1.0;
  if (r >= r_out) return 0.0;
  const double x = (r - r_in) / (r_out - r_in);
  const double a = std::exp(-1.0 / x), b = std::exp(-1.0 / (1.0 - x));
  return b / (a + b);
}

}  // namespace ishydro
