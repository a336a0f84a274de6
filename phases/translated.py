"""Translated content: one mechanism for every form and service that edits it.

Content written per language lives in django-modeltranslation's columns (`title_fi`,
`title_sv`, `title_en`). Two rules keep every language exactly as typed, whatever the
interface language:

- forms edit one field per language (`TranslatedFieldsMixin`), and
- services write each language's column from its own field (`set_texts`), never through the
  plain attribute: under modeltranslation `obj.title = …` writes into the *active
  language's* column, so saving from /sv/ would overwrite the Swedish text.

Every form class that uses the mixin is listed in `TRANSLATED_FORMS`; the language matrix
test (tests/test_language_matrix.py) fails for a listed form it does not exercise.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

LANGS: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)
LANGUAGE_NAMES = dict(settings.LANGUAGES)
LANG_LABELS = {"fi": _("in Finnish"), "sv": _("in Swedish"), "en": _("in English")}
# The languages' names in the interface's language (settings.LANGUAGES names them natively).
LANGUAGE_NAMES_LOCAL = {"fi": _("Finnish"), "sv": _("Swedish"), "en": _("English")}

TRANSLATED_FORMS: list[type] = []


def texts(obj, field: str) -> dict[str, str]:
    """{lang: text} of a translated model field, read column by column."""
    return {lang: getattr(obj, f"{field}_{lang}", None) or "" for lang in LANGS}


def set_texts(obj, field: str, values: dict[str, str] | None) -> list[str]:
    """Write each given language's column of `field` from its own value (stripped).

    Languages absent from `values` are left as they are. Returns the columns written, for
    `save(update_fields=…)`. Never assigns the plain attribute (see the module docstring).
    """
    if values is None:
        return []
    written = []
    for lang in LANGS:
        if lang in values:
            setattr(obj, f"{field}_{lang}", (values.get(lang) or "").strip())
            written.append(f"{field}_{lang}")
    return written


def first_text(values: dict[str, str], order=LANGS) -> str:
    return next((values[lang] for lang in order if values.get(lang)), "")


@dataclass(frozen=True)
class Translated:
    """A translated field of a form: one input per language."""

    name: str
    label: object
    textarea: bool = False
    max_length: int = 4000
    rows: int = 3
    help_text: object = ""


class TranslatedFieldsMixin:
    """Adds `<name>_<lang>` fields for each `Translated` in `translated`.

    `languages` (keyword argument) are the region's content languages, the majority language
    first: they come first in the form.

    `required_languages_of` names the fields a save needs written in at least one of the
    region's languages, whichever: work is drafted in one language and translated later,
    often by someone else. No single language's input is required; the translations become
    required only at the gates that need every language (see `missing_translation_steps`).
    """

    translated: tuple[Translated, ...] = ()
    # names that need text in at least one of the region's languages (any one of them)
    required_languages_of: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.translated and not cls.__name__.startswith("_"):
            TRANSLATED_FORMS.append(cls)

    def __init__(self, *args, languages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.content_languages = list(languages or ("fi", "sv"))
        self.language_order = self.content_languages + [
            lang for lang in LANGS if lang not in self.content_languages
        ]
        for spec in self.translated:
            for lang in self.language_order:
                attrs = {"lang": lang}
                if spec.textarea:
                    attrs["rows"] = spec.rows
                widget = forms.Textarea(attrs=attrs) if spec.textarea else forms.TextInput(attrs)
                self.fields[f"{spec.name}_{lang}"] = forms.CharField(
                    label=f"{spec.label} ({LANG_LABELS[lang]})",
                    required=False,
                    max_length=spec.max_length,
                    widget=widget,
                    help_text=spec.help_text if lang == self.language_order[0] else "",
                )
        translated_names = [
            f"{s.name}_{lang}" for s in self.translated for lang in self.language_order
        ]
        hidden = [n for n, f in self.fields.items() if f.widget.is_hidden]
        rest = [n for n in self.fields if n not in translated_names and n not in hidden]
        self.order_fields(hidden + translated_names + rest)

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return
        for name in self.required_languages_of:
            inputs = [f"{name}_{lang}" for lang in self.content_languages]
            if any(field in self.errors for field in inputs):
                continue  # already told (too long, …)
            if not any((self.cleaned_data.get(field) or "").strip() for field in inputs):
                spec = next(s for s in self.translated if s.name == name)
                self.add_error(
                    inputs[0],
                    _("Write “%(field)s” in at least one of these languages: %(languages)s.")
                    % {
                        "field": spec.label,
                        "languages": ", ".join(
                            str(LANGUAGE_NAMES_LOCAL[lang]) for lang in self.content_languages
                        ),
                    },
                )

    @property
    def translated_names(self) -> set[str]:
        return {f"{spec.name}_{lang}" for spec in self.translated for lang in LANGS}

    # -- reading -----------------------------------------------------------------------

    def texts(self, name: str) -> dict[str, str]:
        """{lang: text} of the languages of `name` the form was sent; a language whose
        input the page did not render (absent from the request) is left out, so
        `set_texts` keeps its stored text: a form never writes a field it does not show."""
        return {
            lang: (self.cleaned_data.get(f"{name}_{lang}") or "").strip()
            for lang in LANGS
            if self.was_sent(f"{name}_{lang}")
        }

    def was_sent(self, field_name: str) -> bool:
        """Whether the request carried `field_name` (an unbound form: every field). Asks
        the widget, as Django does for ModelForms (`value_omitted_from_data`): a text input
        the page showed is always sent, empty or not; one it did not show is not."""
        if not self.is_bound:
            return True
        field = self.fields[field_name]
        return not field.widget.value_omitted_from_data(
            self.data, self.files, self.add_prefix(field_name)
        )

    def all_texts(self) -> dict[str, dict[str, str]]:
        return {spec.name: self.texts(spec.name) for spec in self.translated}

    def require_one_language(self, name: str, message) -> None:
        """A text in at least one language. A form editing a stored row (it carries the
        row's lock_version) sent without the field at all does not write it: the stored
        text stays, and nothing is required."""
        sent = self.texts(name)
        if self.is_bound and not sent and self.cleaned_data.get("lock_version"):
            return
        if not any(sent.values()):
            self.add_error(f"{name}_{self.content_languages[0]}", message)

    @classmethod
    def initial_for_texts(cls, obj) -> dict[str, str]:
        return {
            f"{spec.name}_{lang}": getattr(obj, f"{spec.name}_{lang}", None) or ""
            for spec in cls.translated
            for lang in LANGS
        }

    # -- rendering ---------------------------------------------------------------------

    def translated_groups(self):
        """[(label, [content-language bound fields], [other bound fields])] side by side."""
        groups = []
        for spec in self.translated:
            main = [self[f"{spec.name}_{lang}"] for lang in self.content_languages]
            extra = [
                self[f"{spec.name}_{lang}"]
                for lang in self.language_order
                if lang not in self.content_languages
            ]
            groups.append((spec.label, main, extra))
        return groups

    def other_fields(self):
        names = {f"{s.name}_{lang}" for s in self.translated for lang in LANGS}
        return [self[name] for name in self.fields if name not in names]


# -- reading content in one language, with a marked fallback ------------------------------


# The short note beside a text shown in another language than the page's is written in the
# reader's language (on a Finnish page a Swedish text is "(ruotsiksi)").
def language_note(lang: str, page_language: str) -> str:
    """ "in Swedish" in the page's language, for a text written in `lang`."""
    label = LANG_LABELS.get(lang)
    if label is None:
        return lang
    with translation.override(page_language):
        return str(label)


class LocalText(str):
    """A text picked for one page language: `lang` is the language it is written in;
    `fallback` tells that it is not the page's language (see `marked`)."""

    lang: str = ""
    fallback: bool = False

    def __new__(cls, value: str, lang: str = "", fallback: bool = False):
        obj = super().__new__(cls, value)
        obj.lang = lang
        obj.fallback = fallback
        return obj


class SafeLocalText(LocalText, SafeString):
    """A `LocalText` holding HTML that is already safe."""


def fallback_order(language: str, content_languages=("fi", "sv")) -> list[str]:
    """The page language first, then the region's languages, then the rest."""
    order = [language, *content_languages, *LANGS]
    return list(dict.fromkeys(lang for lang in order if lang in LANGS))


def pick(value, language: str, fallbacks=None) -> LocalText:
    """The text of a {lang: text} dict in `language`, else in the first fallback that has
    one (marked as a fallback). A plain str is a single-language text of unknown language."""
    if value is None:
        return LocalText("")
    if isinstance(value, str):
        return value if isinstance(value, LocalText) else LocalText(value)
    for lang in fallback_order(language, fallbacks or ("fi", "sv")):
        if value.get(lang):
            return LocalText(value[lang], lang, fallback=lang != language)
    return LocalText("")


def pick_field(obj, field: str, language: str, fallbacks=None) -> LocalText:
    """`pick` over a model's translated columns."""
    return pick(texts(obj, field), language, fallbacks)


def marked(text, page_language: str, block: bool = False):
    """HTML of `text` (escaped unless already safe): when it is a fallback, wrapped in an
    element with its `lang` (WCAG 3.1.2) and followed by a short note in the page's
    language naming the text's language."""
    lang = getattr(text, "lang", "")
    if not lang or lang == page_language or not str(text):
        return conditional_escape(text)
    if block:
        template = (
            '<div lang="{lang}" class="lang-fallback">{text}</div><p class="lang-note">({note})</p>'
        )
    else:
        template = (
            '<span lang="{lang}" class="lang-fallback">{text}</span>'
            ' <span class="lang-note">({note})</span>'
        )
    return format_html(
        template,
        lang=lang,
        text=conditional_escape(text),
        note=language_note(lang, page_language),
    )
