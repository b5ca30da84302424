"""Which language an account is written in, so a report never pretends to understand one it can't.

takediff's parser, embedder and judge are English models. A text in another language still runs
through them (they do not fail), but their verdicts on it mean little; the report says so in its
meta and in a notice at the top of every rendering. Identification is py3langid (a small naive
Bayes model over byte n-grams that ships inside its PyPI package: offline, about 0.1 s per MB).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from takediff.settings import LanguageSettings

#: Thresholds (``LanguageSettings``): below ``min_letters`` letters a guess is noise ("OK.",
#: "12:00"); a text is not English only where English gets under ``max_english`` (py3langid's
#: normalised probabilities); under ``sure`` the language named is one of several close ones.
_SETTINGS = LanguageSettings()
#: Long texts are sampled in three slices of this size (start, middle, end): bounded time.
SAMPLE_CHARS = 10_000
#: The language the default models read.
MODEL_LANGUAGE = "en"
UNDETERMINED = "und"

#: Names of the languages a reader most often meets; any other shows as its ISO 639-1 code.
NAMES = {
    "ar": "Arabic",
    "bg": "Bulgarian",
    "ca": "Catalan",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "et": "Estonian",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "hu": "Hungarian",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "nl": "Dutch",
    "no": "Norwegian",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sr": "Serbian",
    "sv": "Swedish",
    "th": "Thai",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "vi": "Vietnamese",
    "zh": "Chinese",
}


@dataclass(slots=True, frozen=True)
class LanguageGuess:
    """``code``: ISO 639-1 of the likeliest language, or ``und`` when the text is too short or
    English cannot be ruled out; ``confidence``: that language's probability; ``english``: the
    probability of English."""

    code: str
    confidence: float
    english: float = 0.0

    @property
    def name(self) -> str:
        if self.code == UNDETERMINED:
            return "undetermined"
        name = NAMES.get(self.code, self.code)
        return name if self.confidence >= _SETTINGS.sure or not self.foreign else f"probably {name}"

    @property
    def foreign(self) -> bool:
        """Confidently not English: a language the default models do not read."""
        return self.code not in (UNDETERMINED, MODEL_LANGUAGE)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "confidence": round(self.confidence, 3),
            "english": round(self.english, 3),
        }


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> tuple[str, float]:
    """The language py3langid reads ``text`` as, and its probability."""
    lang, prob = _identifier().classify(_sample(text))
    return str(lang), float(prob)


def _sample(text: str) -> str:
    if len(text) <= 3 * SAMPLE_CHARS:
        return text
    middle = len(text) // 2 - SAMPLE_CHARS // 2
    return "\n".join(
        (text[:SAMPLE_CHARS], text[middle : middle + SAMPLE_CHARS], text[-SAMPLE_CHARS:])
    )


def detect(text: str, settings: LanguageSettings = _SETTINGS) -> LanguageGuess:
    """The language of ``text``: its likeliest ISO 639-1 code, or ``und`` where the text is
    too short or English is not ruled out."""
    sample = _sample(text)
    if sum(ch.isalpha() for ch in sample) < settings.min_letters:
        return LanguageGuess(UNDETERMINED, 0.0)
    # Lone surrogates cannot be encoded for the byte n-grams; they carry no language anyway.
    sample = sample.encode("utf-8", "replace").decode("utf-8")
    ranked = _identifier().rank(sample)
    code, prob = str(ranked[0][0]), float(ranked[0][1])
    english = next((float(p) for c, p in ranked if c == MODEL_LANGUAGE), 0.0)
    if code != MODEL_LANGUAGE and english >= settings.max_english:
        return LanguageGuess(UNDETERMINED, prob, english)
    return LanguageGuess(code, prob, english)


def notice(guesses: dict[str, LanguageGuess]) -> str | None:
    """One sentence for the top of a report when any account is not in English, else None."""
    foreign = {party: g for party, g in guesses.items() if g.foreign}
    if not foreign:
        return None
    which = "; ".join(f"{party}: {g.name}" for party, g in foreign.items())
    return (
        f"Not English ({which}). takediff's models read English only, so the topics, verdicts "
        "and commitment scores for these accounts are not reliable; translate them to English "
        "for a meaningful comparison."
    )
