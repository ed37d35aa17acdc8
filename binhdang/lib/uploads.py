"""One guard for uploaded zip-based files (.docx, .xlsx), run before any of their XML is parsed.

Everything is decided from the file's size and the zip's central directory, without
unpacking a byte: is it a zip at all, how many members, how much they declare to unpack to,
together and one by one, and how far each is compressed (a zip bomb packs gigabytes of zeros
into kilobytes). A refusal raises :class:`UploadRefused` with a :class:`Refusal` code; each
caller turns the code into its own message for the person who uploaded the file.

Pure Python: no Django import, so the plan importer (which runs without Django) can use it.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from enum import StrEnum

MIB = 1024 * 1024


class Refusal(StrEnum):
    TOO_LARGE = "too_large"  # the file itself is larger than allowed
    NOT_ZIP = "not_zip"  # not a zip archive, or a damaged one
    TOO_MANY_MEMBERS = "too_many_members"
    UNPACKS_TOO_LARGE = "unpacks_too_large"  # all members together declare too much
    MEMBER_TOO_LARGE = "member_too_large"  # one member declares too much
    COMPRESSION_RATIO = "compression_ratio"  # a large member compressed far more than documents are
    ENCRYPTED = "encrypted"  # a member is encrypted: nothing a form or a plan needs
    MISSING_MEMBER = "missing_member"  # a member the format requires is absent


ZIP_BOMB = frozenset(
    {
        Refusal.TOO_MANY_MEMBERS,
        Refusal.UNPACKS_TOO_LARGE,
        Refusal.MEMBER_TOO_LARGE,
        Refusal.COMPRESSION_RATIO,
    }
)


class UploadRefused(Exception):
    """The upload is refused; ``code`` says why, ``limit`` is the limit exceeded (if any), and
    ``member`` the zip member concerned (if any)."""

    def __init__(self, code: Refusal, limit: int | None = None, member: str | None = None) -> None:
        super().__init__(code.value if member is None else f"{code.value}: {member}")
        self.code = code
        self.limit = limit
        self.member = member


@dataclass(frozen=True)
class ZipLimits:
    """What a zip-based upload may hold, as its central directory declares it."""

    max_members: int
    max_unpacked: int  # bytes, all members together
    max_member: int | None = None  # bytes, any one member
    max_ratio: int = 100  # a member declaring more than ``ratio_above`` bytes may not be compressed more
    ratio_above: int = 10 * MIB
    required: tuple[str, ...] = ()  # member names the format cannot do without


def check_zip(data: bytes, limits: ZipLimits, *, max_bytes: int | None = None) -> list[zipfile.ZipInfo]:
    """The members of the zip ``data``, once it passes every check; raises UploadRefused otherwise.

    The checks run in this order, and the first failing one is reported: the file's size
    (``max_bytes``), a readable zip, the number of members, their total declared size, each
    member's declared size, each member's compression ratio, encryption, required members.
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise UploadRefused(Refusal.TOO_LARGE, max_bytes)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise UploadRefused(Refusal.NOT_ZIP) from None
    if len(members) > limits.max_members:
        raise UploadRefused(Refusal.TOO_MANY_MEMBERS, limits.max_members)
    if sum(member.file_size for member in members) > limits.max_unpacked:
        raise UploadRefused(Refusal.UNPACKS_TOO_LARGE, limits.max_unpacked)
    for member in members:
        if limits.max_member is not None and member.file_size > limits.max_member:
            raise UploadRefused(Refusal.MEMBER_TOO_LARGE, limits.max_member, member.filename)
    for member in members:
        ratio_exceeded = member.file_size > limits.max_ratio * max(member.compress_size, 1)
        if member.file_size > limits.ratio_above and ratio_exceeded:
            raise UploadRefused(Refusal.COMPRESSION_RATIO, limits.max_ratio, member.filename)
    for member in members:
        if member.flag_bits & 0x1:
            raise UploadRefused(Refusal.ENCRYPTED, member=member.filename)
    names = {member.filename for member in members}
    for name in limits.required:
        if name not in names:
            raise UploadRefused(Refusal.MISSING_MEMBER, member=name)
    return members
