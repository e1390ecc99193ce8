"""hearsay: who said what in the news, from Python.

    import hearsay
    nlp = hearsay.load()
    doc = nlp("“We will not wait,” Mayor Ingrid Solberg said.", published="2031-05-15")
    for s in doc.statements:
        print(s.speaker_name, s.cue.text, doc.text[s.content.start:s.content.end])
    for doc in nlp.pipe(texts, threads=2): ...
    hearsay.to_dataframe(docs)  # one row per statement (pandas)

A Doc is a view of the document object the CLI writes (`hearsay extract
--format json`, docs/schema.md): doc.to_dict() is that object, and every
offset is a code point into doc.text, so Python slicing returns the span.
The C++ core (hearsay._hearsay) does the work with the GIL released.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Any, Iterable, Iterator, Mapping, Optional, Sequence, Tuple, Union

from hearsay import _hearsay
from hearsay._hearsay import HearsayError

__all__ = [
    "HearsayError",
    "SCHEMA_VERSION",
    "Language",
    "Doc",
    "Span",
    "Statement",
    "Speaker",
    "CitedDocument",
    "Entity",
    "load",
    "to_dataframe",
    "statement_records",
]

SCHEMA_VERSION: str = _hearsay.SCHEMA_VERSION

# The metadata a document may carry (the JSON Lines reader's known fields).
_METADATA_FIELDS = ("id", "url", "source", "published", "title", "language")


def _default_models_dir() -> str:
    """$HEARSAY_MODELS, else the models installed with the package (pip),
    else the models/ folder of the source tree the module was built from."""
    if os.environ.get("HEARSAY_MODELS"):
        return os.environ["HEARSAY_MODELS"]
    packaged = os.path.join(os.path.dirname(__file__), "models")
    if os.path.isdir(packaged):
        return packaged
    return _hearsay.default_models_dir()


@dataclass(frozen=True)
class Span:
    """A stretch of the text: doc.text[start:end] == text (code points);
    tokens is the token range [first, last)."""

    start: int
    end: int
    text: str
    tokens: Tuple[int, int]

    @staticmethod
    def _of(obj: Optional[Mapping[str, Any]]) -> Optional["Span"]:
        if obj is None:
            return None
        first, last = obj["tokens"]
        return Span(obj["start"], obj["end"], obj["text"], (first, last))


@dataclass(frozen=True)
class Statement:
    """One attribution (docs/schema.md, `statements`)."""

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

    @staticmethod
    def _of(obj: Mapping[str, Any]) -> "Statement":
        return Statement(
            type=obj["type"],
            cue_class=obj["cue_class"],
            content=Span._of(obj["content"]),
            speaker=obj.get("speaker"),
            speaker_name=obj.get("speaker_name"),
            speaker_mention=Span._of(obj.get("speaker_mention")),
            cue=Span._of(obj.get("cue")),
            cue_particle=Span._of(obj.get("cue_particle")),
            continues=obj.get("continues"),
            channel=Span._of(obj.get("channel")),
            addressee=Span._of(obj.get("addressee")),
            time=Span._of(obj.get("time")),
            date=obj.get("date"),
            cited_document=obj.get("cited_document"),
            stance=obj.get("stance"),
            confidence=obj["confidence"],
        )


@dataclass(frozen=True)
class Speaker:
    """Who spoke, resolved across the document (docs/schema.md, `speakers`)."""

    name: str
    kind: str
    role: Optional[str]
    affiliation: Optional[str]
    mentions: Tuple[Span, ...]

    @staticmethod
    def _of(obj: Mapping[str, Any]) -> "Speaker":
        return Speaker(
            obj["name"],
            obj["kind"],
            obj.get("role"),
            obj.get("affiliation"),
            tuple(Span._of(m) for m in obj["mentions"]),
        )


@dataclass(frozen=True)
class CitedDocument:
    """A report, study, letter ... the text mentions (docs/schema.md)."""

    name: str
    author: Optional[str]
    date: Optional[Span]
    resolved_date: Optional[str]
    mentions: Tuple[Span, ...]

    @staticmethod
    def _of(obj: Mapping[str, Any]) -> "CitedDocument":
        return CitedDocument(
            obj["name"],
            obj.get("author"),
            Span._of(obj.get("date")),
            obj.get("resolved_date"),
            tuple(Span._of(m) for m in obj["mentions"]),
        )


@dataclass(frozen=True)
class Entity:
    """A named-entity mention (docs/document-json.md, `entities`)."""

    start: int
    end: int
    text: str
    type: str
    tokens: Tuple[int, int]


class Doc:
    """One processed document: a read-only view of the CLI's document object.

    The JSON from the C++ core is parsed on first use, so iterating over
    nlp.pipe costs nothing in Python until a field is read."""

    __slots__ = ("_json", "_dict", "_statements", "_speakers", "_cited", "_entities")

    def __init__(self, json_text: str) -> None:
        self._json = json_text
        self._dict: Optional[dict] = None
        self._statements: Optional[list] = None
        self._speakers: Optional[list] = None
        self._cited: Optional[list] = None
        self._entities: Optional[list] = None

    def to_json(self) -> str:
        """The document as one line of `hearsay extract --format json-compact`."""
        return self._json

    def to_dict(self) -> dict:
        """The document object of `hearsay extract --format json` (a fresh copy)."""
        return json.loads(self._json)

    def _data(self) -> dict:
        if self._dict is None:
            self._dict = json.loads(self._json)
        return self._dict

    @property
    def text(self) -> str:
        return self._data()["text"]

    @property
    def id(self) -> Optional[str]:
        return self._data().get("id")

    @property
    def metadata(self) -> dict:
        """id, url, source, published, title, language (and extra, if any)."""
        return {k: v for k, v in self._data().items() if k in _METADATA_FIELDS or k == "extra"}

    @property
    def statements(self) -> list:
        """Statements in text order of their content (empty when the attribution stage did not run)."""
        if self._statements is None:
            self._statements = [Statement._of(s) for s in self._data().get("statements", [])]
        return self._statements

    @property
    def speakers(self) -> list:
        if self._speakers is None:
            self._speakers = [Speaker._of(s) for s in self._data().get("speakers", [])]
        return self._speakers

    @property
    def cited_documents(self) -> list:
        if self._cited is None:
            self._cited = [CitedDocument._of(c) for c in self._data().get("cited_documents", [])]
        return self._cited

    @property
    def entities(self) -> list:
        if self._entities is None:
            self._entities = [
                Entity(e["start"], e["end"], e["text"], e["type"], (e["tokens"][0], e["tokens"][1]))
                for e in self._data().get("entities", [])
            ]
        return self._entities

    @property
    def tokens(self) -> list:
        """Token objects as in docs/document-json.md (dicts)."""
        return self._data().get("tokens", [])

    @property
    def sentences(self) -> list:
        """Sentences as Spans (text filled in from doc.text)."""
        text = self.text
        return [
            Span(s["start"], s["end"], text[s["start"] : s["end"]], (s["tokens"][0], s["tokens"][1]))
            for s in self._data().get("sentences", [])
        ]

    def __repr__(self) -> str:
        data = self._data()
        return f"<hearsay.Doc id={data.get('id')!r} statements={len(data.get('statements', []))}>"


# What pipe accepts per document: a text, or a mapping with "text" and
# optional metadata (the JSON Lines record; unknown keys go to "extra").
DocumentInput = Union[str, Mapping[str, Any]]


def _check_str(name: str, value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str or None, not {type(value).__name__}")
    return value


def _item(text: Any, metadata: Mapping[str, Any], extra: Optional[Mapping[str, Any]]) -> tuple:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    fields = []
    for name in _METADATA_FIELDS:
        value = metadata.get(name)
        if name == "id" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # as the JSONL reader keeps integer ids
        fields.append(_check_str(name, value))
    extra_json = ""
    if extra:
        try:
            extra_json = json.dumps(dict(extra), ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError) as e:
            raise TypeError(f"extra fields must be JSON-serialisable: {e}") from None
    return (text, *fields, extra_json)


def _record_item(record: DocumentInput) -> tuple:
    if isinstance(record, str):
        return _item(record, {}, None)
    if not isinstance(record, Mapping):
        raise TypeError(f"a document is a str or a mapping with 'text', not {type(record).__name__}")
    if "text" not in record:
        raise ValueError(f"document has no 'text' field (keys: {', '.join(map(str, record)) or 'none'})")
    metadata = {k: v for k, v in record.items() if k in _METADATA_FIELDS}
    extra = {k: v for k, v in record.items() if k != "text" and k not in _METADATA_FIELDS}
    return _item(record["text"], metadata, extra)


class Language:
    """A loaded pipeline; immutable and safe to share between threads."""

    def __init__(self, models: Optional[str] = None, components: Optional[Sequence[str]] = None) -> None:
        models_dir = os.fspath(models) if models is not None else _default_models_dir()
        if not os.path.isdir(models_dir):
            raise HearsayError(f"models directory '{models_dir}' does not exist or is not a directory")
        if components is not None:
            if isinstance(components, str):
                components = [c for c in components.split(",") if c]
            known = _hearsay.component_names()
            unknown = [c for c in components if c not in known]
            if unknown:
                raise ValueError(f"unknown component(s) {', '.join(unknown)}; known: {', '.join(known)}")
            components = list(components)
        self.models_dir = models_dir
        self._pipeline = _hearsay.Pipeline(models_dir, components)

    @property
    def component_names(self) -> list:
        return self._pipeline.component_names

    def __call__(
        self,
        text: str,
        *,
        published: Optional[str] = None,
        source: Optional[str] = None,
        url: Optional[str] = None,
        title: Optional[str] = None,
        id: Optional[str] = None,
        language: Optional[str] = None,
        extra: Optional[Mapping[str, Any]] = None,
    ) -> Doc:
        metadata = dict(published=published, source=source, url=url, title=title, id=id, language=language)
        return Doc(self._pipeline.process(_item(text, metadata, extra)))

    def pipe(self, documents: Iterable[DocumentInput], *, threads: int = 1, batch_size: int = 0) -> Iterator[Doc]:
        """Processes documents (texts, or mappings like JSON Lines records) on
        `threads` C++ threads, yielding Docs in input order.

        Documents go to C++ in batches (batch_size, default 32 per thread);
        while one batch runs, with the GIL released, the previous one is
        handed out here. A document the pipeline fails on raises HearsayError
        naming it when its turn comes."""
        if not isinstance(threads, int) or isinstance(threads, bool) or threads < 1:
            raise ValueError(f"threads must be an integer >= 1, got {threads!r}")
        if batch_size < 0:
            raise ValueError(f"batch_size must be >= 0, got {batch_size!r}")
        size = batch_size or 32 * threads
        iterator = iter(documents)

        def next_batch() -> list:
            return [_record_item(d) for d in islice(iterator, size)]

        with ThreadPoolExecutor(max_workers=1) as runner:
            batch = next_batch()
            running = runner.submit(self._pipeline.process_batch, batch, threads) if batch else None
            while running is not None:
                batch = next_batch()
                results = running.result()
                running = runner.submit(self._pipeline.process_batch, batch, threads) if batch else None
                for result in results:
                    if isinstance(result, BaseException):
                        raise result
                    yield Doc(result)


def load(models: Optional[str] = None, components: Optional[Sequence[str]] = None) -> Language:
    """Loads the pipeline: every registered component (the CLI's default), or
    `components` in order ("tokenizer,sentences" or a list). `models` is the
    directory of .hsm model files (default: $HEARSAY_MODELS, else the
    packaged or source-tree models/)."""
    return Language(models, components)


def statement_records(docs: Iterable[Doc]) -> Iterator[dict]:
    """One flat dict per statement, like `hearsay extract --format jsonl`
    (docs/schema.md, "Statement line")."""
    for doc in docs:
        data = doc._data()
        speakers = data.get("speakers", [])
        cited = data.get("cited_documents", [])
        for index, s in enumerate(data.get("statements", [])):
            record = {
                "doc_id": data["id"],
                "url": data.get("url"),
                "source": data.get("source"),
                "published": data.get("published"),
                "title": data.get("title"),
                "statement": index,
                "type": s["type"],
                "cue_class": s["cue_class"],
            }
            _flat_span(record, "content", s["content"])
            speaker = speakers[s["speaker"]] if s.get("speaker") is not None else None
            record["speaker"] = speaker["name"] if speaker else None
            record["speaker_index"] = s.get("speaker")
            record["speaker_kind"] = speaker["kind"] if speaker else None
            record["speaker_role"] = speaker.get("role") if speaker else None
            record["speaker_affiliation"] = speaker.get("affiliation") if speaker else None
            for name in ("speaker_mention", "cue", "cue_particle"):
                _flat_span(record, name, s.get(name))
            record["continues"] = s.get("continues")
            for name in ("channel", "addressee", "time"):
                _flat_span(record, name, s.get(name))
            record["date"] = s.get("date")
            document = cited[s["cited_document"]] if s.get("cited_document") is not None else None
            record["cited_document"] = document["name"] if document else None
            record["cited_document_index"] = s.get("cited_document")
            record["cited_document_author"] = document.get("author") if document else None
            record["stance"] = s.get("stance")
            record["confidence"] = s["confidence"]
            yield record


def _flat_span(record: dict, name: str, span: Optional[Mapping[str, Any]]) -> None:
    record[name] = span["text"] if span else None
    record[name + "_start"] = span["start"] if span else None
    record[name + "_end"] = span["end"] if span else None


def to_dataframe(docs_or_statements: Union[Doc, Iterable[Doc], Iterable[Mapping[str, Any]]]):
    """A pandas DataFrame with one row per statement: the columns of
    `hearsay extract --format jsonl`. Takes a Doc, Docs, or statement
    records (dicts, e.g. read back from a jsonl file)."""
    import pandas as pd

    if isinstance(docs_or_statements, Doc):
        docs_or_statements = [docs_or_statements]
    rows: list = []
    for item in docs_or_statements:
        if isinstance(item, Doc):
            rows.extend(statement_records([item]))
        elif isinstance(item, Mapping):
            rows.append(dict(item))
        else:
            raise TypeError(f"to_dataframe takes Docs or statement dicts, not {type(item).__name__}")
    columns = _STATEMENT_COLUMNS if not rows else None
    return pd.DataFrame(rows, columns=columns)


# The columns of `hearsay extract --format jsonl`, in its order (for an empty frame).
_STATEMENT_COLUMNS = ["doc_id", "url", "source", "published", "title", "statement", "type", "cue_class"]
_STATEMENT_COLUMNS += ["content", "content_start", "content_end", "speaker", "speaker_index", "speaker_kind"]
_STATEMENT_COLUMNS += ["speaker_role", "speaker_affiliation"]
for _name in ("speaker_mention", "cue", "cue_particle"):
    _STATEMENT_COLUMNS += [_name, _name + "_start", _name + "_end"]
_STATEMENT_COLUMNS += ["continues"]
for _name in ("channel", "addressee", "time"):
    _STATEMENT_COLUMNS += [_name, _name + "_start", _name + "_end"]
_STATEMENT_COLUMNS += ["date", "cited_document", "cited_document_index", "cited_document_author", "stance"]
_STATEMENT_COLUMNS += ["confidence"]
