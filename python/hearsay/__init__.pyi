# Type stubs for editors and type checkers; the behaviour is documented in
# __init__.py and docs/python.md.
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping, Optional, Sequence, Tuple, Union

import pandas  # type: ignore[import]

SCHEMA_VERSION: str

class HearsayError(RuntimeError): ...

@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    tokens: Tuple[int, int]

@dataclass(frozen=True)
class Statement:
    type: str
    cue_class: str
    content: Span
    speaker: Optional[int]
    speaker_name: Optional[str]
    speaker_mention: Optional[Span]
    cue: Optional[Span]
    cue_particle: Optional[Span]
    continues: Optional[int]
    channel: Optional[Span]
    addressee: Optional[Span]
    time: Optional[Span]
    date: Optional[str]
    cited_document: Optional[int]
    stance: Optional[str]
    confidence: float

@dataclass(frozen=True)
class Speaker:
    name: str
    kind: str
    role: Optional[str]
    affiliation: Optional[str]
    mentions: Tuple[Span, ...]

@dataclass(frozen=True)
class CitedDocument:
    name: str
    author: Optional[str]
    date: Optional[Span]
    resolved_date: Optional[str]
    mentions: Tuple[Span, ...]

@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    text: str
    type: str
    tokens: Tuple[int, int]

class Doc:
    def __init__(self, json_text: str) -> None: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    @property
    def text(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def metadata(self) -> dict[str, Any]: ...
    @property
    def statements(self) -> list[Statement]: ...
    @property
    def speakers(self) -> list[Speaker]: ...
    @property
    def cited_documents(self) -> list[CitedDocument]: ...
    @property
    def entities(self) -> list[Entity]: ...
    @property
    def tokens(self) -> list[dict[str, Any]]: ...
    @property
    def sentences(self) -> list[Span]: ...

DocumentInput = Union[str, Mapping[str, Any]]

class Language:
    models_dir: str
    def __init__(self, models: Optional[str] = ..., components: Optional[Union[str, Sequence[str]]] = ...) -> None: ...
    @property
    def component_names(self) -> list[str]: ...
    def __call__(
        self,
        text: str,
        *,
        published: Optional[str] = ...,
        source: Optional[str] = ...,
        url: Optional[str] = ...,
        title: Optional[str] = ...,
        id: Optional[str] = ...,
        language: Optional[str] = ...,
        extra: Optional[Mapping[str, Any]] = ...,
    ) -> Doc: ...
    def pipe(self, documents: Iterable[DocumentInput], *, threads: int = ..., batch_size: int = ...) -> Iterator[Doc]: ...

def load(models: Optional[str] = ..., components: Optional[Union[str, Sequence[str]]] = ...) -> Language: ...
def statement_records(docs: Iterable[Doc]) -> Iterator[dict[str, Any]]: ...
def to_dataframe(docs_or_statements: Union[Doc, Iterable[Doc], Iterable[Mapping[str, Any]]]) -> pandas.DataFrame: ...
