"""What academic authors bring from pandoc, LaTeX and Quarto: TeX macros they
define for their maths (:mod:`.macros`) and citations against a bibliography
(:mod:`.citations`). Both run on the converted blocks, before the title and
metadata are settled."""
