"""The JSON API's request and response bodies (they make the OpenAPI schema at /openapi.json)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from takediff.parties import parse_merge

#: A ceiling on any list or map in a request, checked before its items are: a body of a
#: million wrong items fails once, in microseconds, instead of a million times. The server's own
#: party limit (``--max-parties``, 200 by default) is checked after, and is lower.
MAX_ITEMS = 10_000


class PartyText(BaseModel):
    model_config = ConfigDict(extra="forbid")

    party: str = Field(min_length=1, description="The party's name, as it should be shown.")
    text: str = Field(description="What the party said: its whole account, as plain text.")


class CompareRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "accounts": {
                        "Harbour board": "The pier will reopen on Friday.",
                        "Ferry union": "The pier might reopen at some point, if repairs end.",
                    }
                }
            ]
        },
    )

    accounts: (
        Annotated[dict[str, str], Field(max_length=MAX_ITEMS)]
        | Annotated[list[PartyText], Field(max_length=MAX_ITEMS)]
    ) = Field(
        description='Two or more accounts: {"party": "text", ...} or [{"party", "text"}, ...].',
    )
    reports: list[str] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        description="Parties whose accounts report what happened (a news report): their "
        "contradictions with the others' statements are words against deeds.",
    )
    news: bool = Field(
        default=False,
        description="The accounts are news outlets' articles: each is a report unless "
        "`reports` names some, and contradictions take the news bars fitted on real news "
        "(as `takediff compare --news`).",
    )


class ArticleRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="A news article that quotes two or more people.")
    speakers: list[str] | None = Field(
        default=None,
        max_length=MAX_ITEMS,
        description="Compare only these speakers (part of a name, any case).",
    )
    with_article: bool = Field(
        default=False, description="Add the writer's own words as a party named 'Article'."
    )
    merge: list[str] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        description="Put speakers in another's party: 'NAME=PARTY', parts of names "
        "(e.g. 'Kremlin=Putin'); the report's meta.merges lists every merge made.",
    )
    keep_apart: bool = Field(
        default=False,
        description="Do not merge one government's speakers (leader, office, spokesperson) "
        "into one party.",
    )

    @field_validator("merge")
    @classmethod
    def _merges_name_both_sides(cls, value: list[str]) -> list[str]:
        for item in value:
            parse_merge(item)  # a ValueError is a 422 that says what is wrong
        return value


class ReportSummary(BaseModel):
    id: str
    created: str
    kind: str
    parties: list[str]
    divergence: float
    shared: bool = Field(description="Readable by anyone with the permalink (its owner chose).")
    permalink: str


class ShareRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    shared: bool = Field(description="true: anyone with the permalink may read it; false: stop.")


class ShareOut(BaseModel):
    id: str
    shared: bool
    permalink: str


class StoredReportOut(BaseModel):
    """``takediff.to_dict(report)`` (see report.schema.json) plus where the report is kept."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(description="The report's unguessable id.")
    permalink: str = Field(description="The report's HTML page.")
    api_url: str = Field(description="This JSON, again.")
    created: str
    schema_version: int
    parties: list[str]
    divergence: float
    topics: list[dict[str, Any]]
    claims: list[dict[str, Any]]


class ErrorOut(BaseModel):
    error: str
    code: str
    status: int
    detail: list[dict[str, Any]] | None = None
