"""The talk deck renderer: the slide plan fitted and drawn with python-pptx."""
