"""WeasyPrint's ``Layout.setup`` sharing the Pango context, font description and features
string among a document's layouts (kept on its ``FontConfiguration``).

Every Pango call that shapes text gets the same inputs, so the PDF is the same byte for byte
(the tests compare). Figures: ``benchmarks/FINDINGS.md``.
"""

from __future__ import annotations

from typing import Any

from .patch import Replaced, once

_installed = False
#: WeasyPrint's own ``Layout.setup``, once replaced.
original: Any = None


@once("pango", "weasyprint")
def install() -> Replaced | None:
    """Replace ``Layout.setup`` (see :func:`essaykit.speedups.patch.once`)."""
    from weasyprint.text import line_break
    from weasyprint.text.constants import LST_TO_ISO, PANGO_DIRECTION
    from weasyprint.text.ffi import FROM_UNITS, ffi, gobject, pango, unicode_to_char_p
    from weasyprint.text.fonts import font_features, get_font_description

    found = getattr(line_break.Layout, "setup", None)
    if not callable(found):
        return None

    def setup(self: Any, style: Any) -> None:
        font_config = style.font_config
        caches = font_config.__dict__.get("_essaykit_pango")
        if caches is None:
            caches = font_config._essaykit_pango = ({}, {}, {})
        contexts, descriptions, features_of = caches

        override = style["font_language_override"]
        direction = style["direction"]
        lang = style["lang"] if override == "normal" else None
        context_key = (direction, override, lang)
        shared = contexts.get(context_key)
        if shared is None:
            pango_context = ffi.gc(pango.pango_font_map_create_context(font_config.font_map),
                                   gobject.g_object_unref)
            pango.pango_context_set_round_glyph_positions(pango_context, False)
            pango.pango_context_set_base_dir(pango_context, PANGO_DIRECTION[direction])
            tag = (LST_TO_ISO.get(override.lower(), override) if override != "normal" else lang)
            if tag:
                lang_p, _lang = unicode_to_char_p(tag)
                language = pango.pango_language_from_string(lang_p)
                pango.pango_context_set_language(pango_context, language)
            else:
                language = pango.pango_language_get_default()
            shared = contexts[context_key] = (pango_context, language)
        pango_context, language = shared

        self.style = style
        self.first_line_direction = 0
        self.language = language

        font_key = (style["font_family"], style["font_style"], style["font_stretch"],
                    style["font_weight"], style["font_size"], style["font_variant_caps"],
                    style["font_variation_settings"])
        font_description = descriptions.get(font_key)
        if font_description is None:
            font_description = descriptions[font_key] = get_font_description(style)
        self.layout = ffi.gc(pango.pango_layout_new(pango_context), gobject.g_object_unref)
        pango.pango_layout_set_auto_dir(self.layout, False)
        pango.pango_layout_set_font_description(self.layout, font_description)

        if style["text_decoration_line"] != "none":
            metrics = ffi.gc(pango.pango_context_get_metrics(pango_context, font_description, language),
                             pango.pango_font_metrics_unref)
            self.ascent = FROM_UNITS * pango.pango_font_metrics_get_ascent(metrics)
            self.underline_position = FROM_UNITS * pango.pango_font_metrics_get_underline_position(metrics)
            self.strikethrough_position = FROM_UNITS * pango.pango_font_metrics_get_strikethrough_position(
                metrics)
            self.underline_thickness = FROM_UNITS * pango.pango_font_metrics_get_underline_thickness(metrics)
            self.strikethrough_thickness = FROM_UNITS * pango.pango_font_metrics_get_strikethrough_thickness(
                metrics)
        else:
            self.ascent = None
            self.underline_position = None
            self.strikethrough_position = None

        feature_key = (style["font_kerning"], style["font_variant_ligatures"],
                       style["font_variant_position"], style["font_variant_caps"],
                       style["font_variant_numeric"], style["font_variant_alternates"],
                       style["font_variant_east_asian"], style["font_feature_settings"])
        features = features_of.get(feature_key, False)
        if features is False:
            found_features = font_features(*feature_key)
            features = features_of[feature_key] = ",".join(
                f"{key} {value}" for key, value in found_features.items()).encode() if found_features else None
        if features:
            attr = font_config.font_features.setdefault(features, pango.pango_attr_font_features_new(features))
            attr_list = pango.pango_attr_list_new()
            pango.pango_attr_list_insert(attr_list, attr)
            pango.pango_layout_set_attributes(self.layout, attr_list)

    def guarded(self: Any, style: Any) -> None:
        """The shared setup, or WeasyPrint's own for a style whose values
        cannot be keys (a list where a tuple was expected)."""
        try:
            setup(self, style)
        except TypeError:
            found(self, style)

    line_break.Layout.setup = guarded
    return Replaced(line_break.Layout, "setup", found)
