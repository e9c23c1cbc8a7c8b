"""Writes the CID-to-Unicode tables of the Adobe CJK character collections
that the PDF converter uses for CID fonts without a ToUnicode map.

Source: Adobe's `Adobe-<Ordering>-UCS2` CMaps (BSD-3-Clause, see
LICENSE-Adobe.txt beside this script), as Debian's poppler-data 0.4.12
installs them under /usr/share/poppler/cMap (the same files as
https://github.com/adobe-type-tools/cmap-resources). Run:
`python3 converters/pdf/collections/generate.py [cmap-dir]`.

Output, one file per collection (`Adobe-GB1.bin`, …), little-endian:
  u32 n        number of CIDs (0 … n-1)
  n × u32      the code point of each CID; 0 when unmapped;
               0xFFFFFFFF when the CID maps to several characters
  u32 m        number of such CIDs
  m × (u32 cid, u8 len, len bytes of UTF-8)
"""

import re
import struct
import sys
from pathlib import Path

ORDERINGS = ["GB1", "CNS1", "Japan1", "Korea1"]


def utf16_to_text(hexstr):
    return bytes.fromhex(hexstr).decode("utf-16-be")


def table(path):
    s = path.read_text(encoding="latin-1")
    m = {}
    for blk in re.findall(r"beginbfchar(.*?)endbfchar", s, re.S):
        for a, b in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", blk):
            m[int(a, 16)] = utf16_to_text(b)
    for blk in re.findall(r"beginbfrange(.*?)endbfrange", s, re.S):
        for a, b, c in re.findall(
            r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", blk
        ):
            lo, hi = int(a, 16), int(b, 16)
            base = utf16_to_text(c)
            for i in range(lo, hi + 1):
                # A range increments the last UTF-16 unit of its start.
                m[i] = base[:-1] + chr(ord(base[-1]) + i - lo)
    return m


def main():
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/poppler/cMap")
    out = Path(__file__).resolve().parent
    for o in ORDERINGS:
        m = table(src / f"Adobe-{o}" / f"Adobe-{o}-UCS2")
        n = max(m) + 1
        main_part = bytearray(struct.pack("<I", n))
        extras = []
        for cid in range(n):
            text = m.get(cid)
            if not text or text == "\ufffd":
                main_part += struct.pack("<I", 0)
            elif len(text) == 1:
                main_part += struct.pack("<I", ord(text))
            else:
                main_part += struct.pack("<I", 0xFFFFFFFF)
                extras.append((cid, text.encode("utf-8")))
        main_part += struct.pack("<I", len(extras))
        for cid, b in extras:
            main_part += struct.pack("<IB", cid, len(b)) + b
        (out / f"Adobe-{o}.bin").write_bytes(bytes(main_part))
        print(o, n, "CIDs,", len(extras), "with several characters")


if __name__ == "__main__":
    main()
