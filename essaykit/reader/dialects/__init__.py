"""What one site generator or notebook tool means by its own syntax.

:mod:`..sites` finds template syntax in a post and hands each kind here:
Liquid's filters and captures (:mod:`.liquid`), Hugo's paired shortcodes
(:mod:`.hugo`), Franklin's pages (:mod:`.franklin`), Obsidian's comments and
Quarto's keywords and cross-references (:mod:`.notebooks`). Each module is
plain text in, Markdown out: no model, no renderer.
"""
