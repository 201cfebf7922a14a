"""Puts each field's unit into ParaView's colour legends: "e [GeV/fm^3]", "T [GeV]", ...

ParaView 5.11 titles a colour legend with the array's name and has no way to read a unit from an XDMF
file; ishydro keeps the array names plain (e, T, ux, pi, ... as in fields.h5, so scripts and probes
find them) and records each field's unit in fields.xdmf (an Information element "units" on each
Attribute). This script reads those units and sets the title of every colour legend of the arrays of
a fields.xdmf source to "name [unit]" (dimensionless fields keep their bare name).

In the GUI: Macros > Import new macro... > this file, then, with the fields.xdmf source selected, click
the macro ("paraview_units") in the Macros toolbar. In pvpython:

    import paraview_units                   # scripts/ on sys.path
    paraview_units.show_units(source, view)

docs/usage.md ("Looking at results in ParaView") has the table of units.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET


def xdmf_units(xdmf_path: str) -> dict:
    """{attribute name: unit} from the Information "units" of the first grid of fields.xdmf."""
    units = {}
    for attribute in ET.parse(xdmf_path).getroot().iter("Attribute"):
        name = attribute.get("Name")
        for info in attribute.findall("Information"):
            if info.get("Name") == "units" and name not in units:
                units[name] = info.get("Value")
    return units


def legend_title(name: str, unit: str | None) -> str:
    """ "e [GeV/fm^3]"; the bare name for a dimensionless field or one without a unit."""
    return name if not unit or unit == "1" else f"{name} [{unit}]"


def source_file(source) -> str:
    """The fields.xdmf that a reader proxy reads (Xdmf3 readers: FileName; legacy reader: FileNames)."""
    for prop in ("FileName", "FileNames"):
        if prop in source.ListProperties():
            value = getattr(source, prop)  # a FileNameProperty: a list of names, or a name
            return value if isinstance(value, str) else str(value[0])
    raise ValueError("the source is not an XDMF reader (no FileName property)")


def show_units(source=None, view=None) -> dict:
    """Sets the colour legend title of every point array of `source` (default: the active source) in
    `view` (default: the active view) to "name [unit]". Returns {array name: title}."""
    from paraview import simple as pv

    source = source or pv.GetActiveSource()
    view = view or pv.GetActiveViewOrCreate("RenderView")
    reader = source
    while not any(p in reader.ListProperties() for p in ("FileName", "FileNames")):
        reader = reader.Input  # a filter downstream of the reader (Slice, Clip, ...)
    units = xdmf_units(source_file(reader))
    # The legends are made for every array, titled now and shown when ParaView colours by the array;
    # only those of the arrays the view colours by now stay visible.
    coloured = {
        rep.ColorArrayName[1]
        for rep in view.Representations
        if "ColorArrayName" in rep.ListProperties() and rep.Visibility
    }
    titles = {}
    for name in source.PointData.keys():
        titles[name] = legend_title(name, units.get(name))
        bar = pv.GetScalarBar(pv.GetColorTransferFunction(name), view)
        bar.Title = titles[name]
        if source.PointData[name].GetNumberOfComponents() == 1:
            bar.ComponentTitle = ""  # (a legend made here before ParaView coloured by it says "Component")
        if name not in coloured:
            bar.Visibility = 0
    return titles


if __name__ == "__main__":  # run as a ParaView macro
    show_units()
