"""The PDF renderer: the shared XHTML with page furniture, laid out by WeasyPrint.

:mod:`.renderer` is the entry point; :mod:`.build` prepares everything before WeasyPrint;
:mod:`.parallel` lays a long book out chapter-group by chapter-group and merges the parts.
"""
