"""Words essaykit adds to an essay, per language: the names of call-out kinds
("Warning" over a box whose author gave it no title), in prose and on slides;
and the headings that name a list of works cited, in the languages read."""

from __future__ import annotations

import re

__all__ = ["REFERENCE_TITLES", "callout_label", "names_a_callout"]

#: The kind's name, per language; kinds and languages not listed fall back to English.
_LABELS: dict[str, dict[str, str]] = {
    "en": {"note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning",
           "caution": "Caution", "info": "Info", "danger": "Danger", "success": "Success",
           "question": "Question", "example": "Example", "abstract": "Summary", "quote": "Quote",
           "bug": "Bug", "failure": "Failure", "todo": "To do", "details": "Details"},
    "fr": {"note": "Remarque", "tip": "Astuce", "important": "Important", "warning": "Attention",
           "caution": "Prudence", "info": "Info", "danger": "Danger", "example": "Exemple",
           "question": "Question", "abstract": "Résumé", "details": "Détails"},
    "de": {"note": "Hinweis", "tip": "Tipp", "important": "Wichtig", "warning": "Warnung",
           "caution": "Vorsicht", "info": "Info", "danger": "Gefahr", "example": "Beispiel",
           "question": "Frage", "abstract": "Zusammenfassung", "details": "Details"},
    "es": {"note": "Nota", "tip": "Consejo", "important": "Importante", "warning": "Advertencia",
           "caution": "Precaución", "info": "Información", "danger": "Peligro", "example": "Ejemplo",
           "question": "Pregunta", "abstract": "Resumen", "details": "Detalles"},
    "it": {"note": "Nota", "tip": "Suggerimento", "important": "Importante", "warning": "Avviso",
           "caution": "Attenzione", "danger": "Pericolo", "example": "Esempio", "details": "Dettagli"},
    "pt": {"note": "Nota", "tip": "Dica", "important": "Importante", "warning": "Aviso",
           "caution": "Cuidado", "danger": "Perigo", "example": "Exemplo", "details": "Detalhes"},
    "nl": {"note": "Opmerking", "tip": "Tip", "important": "Belangrijk", "warning": "Waarschuwing",
           "caution": "Let op", "danger": "Gevaar", "example": "Voorbeeld", "details": "Details"},
    "ru": {"note": "Примечание", "tip": "Совет", "important": "Важно", "warning": "Предупреждение",
           "caution": "Осторожно", "danger": "Опасность", "example": "Пример", "details": "Подробнее"},
    "ja": {"note": "注記", "tip": "ヒント", "important": "重要", "warning": "警告", "caution": "注意",
           "danger": "危険", "example": "例", "details": "詳細"},
    "zh": {"note": "注意", "tip": "提示", "important": "重要", "warning": "警告", "caution": "小心",
           "danger": "危险", "example": "示例", "details": "详情"},
    "ar": {"note": "ملاحظة", "tip": "نصيحة", "important": "مهم", "warning": "تحذير", "caution": "تنبيه",
           "danger": "خطر", "example": "مثال", "details": "تفاصيل"},
    "fa": {"note": "یادداشت", "tip": "نکته", "important": "مهم", "warning": "هشدار", "caution": "احتیاط",
           "danger": "خطر", "example": "مثال", "details": "جزئیات"},
}


def callout_label(kind: str, lang: str) -> str:
    """The name of ``kind`` in ``lang`` (a BCP 47 tag), else in English."""
    names = _LABELS.get(lang.split("-")[0].lower(), {})
    return names.get(kind) or _LABELS["en"].get(kind) or kind.capitalize()


_ALL_NAMES = frozenset(name.casefold() for names in _LABELS.values() for name in names.values())


def names_a_callout(words: str) -> bool:
    """Whether ``words`` ("Note", "Warnung", "To do") are a call-out kind's name in some language."""
    return words.strip().casefold() in _ALL_NAMES


#: Headings of a list of works cited (a closing "References"), in the languages essaykit reads.
REFERENCE_TITLES = re.compile(
    r"^(references|bibliography|works cited|sources|literature|références|"
    r"bibliographie|literatur|literaturverzeichnis|referencias|bibliografía|"
    r"riferimenti|bibliografia|referências|参考文献|المراجع|منابع)$", re.I)
