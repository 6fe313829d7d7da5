"""A Simplified Chinese face of a Noto CJK collection, with TrueType outlines, for Chromium's PDFs.

Usage: print-fonts.py COLLECTION.ttc FAMILY OUT.ttf (run by Scripts/print-fonts, with Debian's
python3-fonttools). Chromium (Skia) embeds only TrueType-outlined fonts as fonts, and gives each
glyph the lowest code point that maps to it as its text: Noto CJK shares a glyph between 文 U+6587
and the Kangxi radical ⽂ U+2F42, between 〈 U+3008 and U+2329, – U+2013 and U+2012, and so on
(498 glyphs), and the lower one won. So this copy has quadratic outlines, and every code point a
glyph of its own: each glyph that several code points share is copied for all but one of them,
which keeps the original and its layout features (an ideograph over its radical).

Only the ideographs of GB 2312 (6,763, every one the plans use) are kept, and no Hangul
syllables: converting all of Noto CJK took minutes of CPU on every new machine. A rarer ideograph
or a Korean word prints in Noto CJK itself, as a Type 3 glyph whose text is still itself (the
radicals share glyphs only with common ideographs, which are kept).
"""

import sys
import unicodedata
from copy import deepcopy

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, newTable

HANGUL_SYLLABLES = range(0xAC00, 0xD7A4)


def is_in_gb2312(code_point):
    try:
        chr(code_point).encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def is_unified_ideograph(code_point):
    return 0x4E00 <= code_point <= 0x9FFF or 0x3400 <= code_point <= 0x4DBF or 0x20000 <= code_point <= 0x3134F


def preference(code_point):
    """Which of the code points sharing a glyph keeps it: an ideograph, then a character that is
    its own canonical form (U+3008 rather than U+2329, which normalises to it), then the lowest."""
    character = chr(code_point)
    return (not is_unified_ideograph(code_point), unicodedata.normalize("NFC", character) != character, code_point)


def give_every_code_point_its_glyph(font):
    cmap = font.getBestCmap()
    by_glyph = {}
    for code_point, glyph in cmap.items():
        by_glyph.setdefault(glyph, []).append(code_point)
    glyf, order, copies = font["glyf"], font.getGlyphOrder(), {}
    metrics = [font[tag].metrics for tag in ("hmtx", "vmtx") if tag in font]
    for glyph, code_points in by_glyph.items():
        for code_point in sorted(code_points, key=preference)[1:]:
            copy = f"{glyph}.u{code_point:04X}"
            glyf.glyphs[copy] = deepcopy(glyf[glyph])
            for table in metrics:
                table[copy] = table[glyph]
            order.append(copy)
            copies[code_point] = copy
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    for table in font["cmap"].tables:
        for code_point, copy in copies.items():
            if code_point in table.cmap:
                table.cmap[code_point] = copy


def with_truetype_outlines(font):
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    font.sfntVersion = "\0\1\0\0"
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
                  "maxSizeOfInstructions", "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0


def renamed(font, family):
    """A family name of its own: a modified font does not take its source's name."""
    names = font["name"]
    style = names.getDebugName(2) or "Regular"
    for name_id in (1, 3, 4, 6, 16, 17, 21, 22):
        names.removeNames(nameID=name_id)
    postscript = f"{family}-{style}".replace(" ", "")
    for name_id, text in ((1, family), (2, style), (3, postscript), (4, f"{family} {style}"), (6, postscript)):
        names.setName(text, name_id, 3, 1, 0x409)


def main(collection, family, out):
    font = next(f for f in TTCollection(collection).fonts if f["name"].getDebugName(1).endswith(" SC"))
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.glyph_names = False
    subsetter = subset.Subsetter(options)
    kept = {code_point for code_point in font.getBestCmap()
            if code_point not in HANGUL_SYLLABLES and (not is_unified_ideograph(code_point) or is_in_gb2312(code_point))}
    subsetter.populate(unicodes=kept)
    subsetter.subset(font)
    with_truetype_outlines(font)
    give_every_code_point_its_glyph(font)
    renamed(font, family)
    font.save(out)


if __name__ == "__main__":
    main(*sys.argv[1:])
