"""Stage 2, attribute: which words belong to which party → one Account per party.

For ``compare`` each party's text is its own Document and the whole text is its account. (For a
news article, quotes are attributed to speakers: see issue "article".)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from takediff.errors import DuplicateParty, EmptyInput, TooFewParties
from takediff.ingest import DEFAULT_MAX_CHARS, make_document
from takediff.types import Account, Document, Span

AccountsInput = Mapping[str, "str | Document"] | Sequence[Account]


def whole_text(party: str, document: Document) -> Account:
    """An Account that is all of the Document's text."""
    return Account(party, document, (Span(0, len(document.text), document.text),))


def _name(raw: str) -> str:
    """A party's name as shown and matched: as written less its edge spaces ("A" and "A " are
    one party, refused as a name twice); "" and " " are no name at all."""
    name = raw.strip()
    if not name:
        raise EmptyInput("a party name is empty; give every account a name.", options=("party",))
    return name


def make_accounts(accounts: AccountsInput, *, max_chars: int = DEFAULT_MAX_CHARS) -> list[Account]:
    """Turn {party: text} (or ready Accounts) into validated Accounts, at least two parties."""
    if isinstance(accounts, Mapping):
        out = []
        for party, value in accounts.items():
            name = _name(str(party))
            doc = (
                value
                if isinstance(value, Document)
                else make_document(value, source=name, max_chars=max_chars)
            )
            out.append(whole_text(name, doc))
    else:
        out = []
        for account in accounts:
            name = _name(account.party)
            out.append(account if name == account.party else replace(account, party=name))
    names = [a.party for a in out]
    if len(out) < 2:
        raise TooFewParties(
            f"got {len(out)} account(s) ({', '.join(names) or 'none'}); a comparison needs at "
            "least two parties."
        )
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise DuplicateParty(
            f"party name(s) {', '.join(dupes)} given more than once; name each account "
            "differently.",
            options=("party",),
        )
    return out
