#!/usr/bin/env python3
"""Writes the seed corpora of docmend's fuzz targets: fuzz/corpus/<target>/.

Run from anywhere:  python3 fuzz/seeds.py

Each corpus gets the small fixtures of its format from fixtures/ (copied as
`fixture_<folder>_<name>`) and small edge cases written here (`edge_*`),
built with the standard library only (Python 3.8 or later): the shapes the
converters must survive — odd encodings and line ends, tables with spans
past any limit, broken packages and cross-reference tables, quotes left
open — each a few hundred bytes, so that the fuzzer's mutations start from
many kinds of input. The files are written fresh; files the fuzzer added
under corpus/ are left alone.
"""

import io
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIXTURES = ROOT / "fixtures"
CORPUS = HERE / "corpus"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)

# Fixtures left out: the zip bombs and the 1 MB content bomb take seconds
# and hundreds of MB on every run of the fuzzer (tests/docx.rs and
# tests/pdf_hostile.rs keep them), and the larger PDFs cost more than they
# add.
SKIP = {
    "corrupt_zip_bomb.docx",
    "corrupt_zip_bomb_lying_size.docx",
    "bomb_content.pdf",
    "docling_2305.03393v1-pg9.pdf",
}
MAX_FIXTURE_BYTES = 200_000

FIXTURE_SOURCES = {
    "text": [("text", "*.txt"), ("variants", "*.txt"), ("variants", "*.md")],
    "html": [("html", "*.html")],
    "docx": [("docx", "*.docx")],
    "spreadsheet": [("spreadsheet", "*.xls"), ("spreadsheet", "*.xlsx"), ("spreadsheet", "*.ods"), ("spreadsheet", "*.doc")],
    "pdf": [("pdf", "*.pdf"), ("pdf/hostile", "*.pdf"), ("pdf/realworld", "*.pdf"), ("pdf/libreoffice", "*.pdf")],
    "csv": [("csv", "*.csv"), ("csv", "*.tsv")],
}


def write(target, name, data):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    (folder / name).write_bytes(data)


def copy_fixtures():
    for target, sources in FIXTURE_SOURCES.items():
        for folder, pattern in sources:
            for path in sorted((FIXTURES / folder).glob(pattern)):
                if path.name in SKIP or path.stat().st_size > MAX_FIXTURE_BYTES:
                    continue
                prefix = folder.replace("/", "_")
                write(target, f"fixture_{prefix}_{path.name}", path.read_bytes())


# --------------------------------------------------------------------------
# Text

REPORT_TABLE = """| 项目 | 本年新收 | 上年结转 |
| --- | --- | --- |
| 一、本年新收政府信息公开申请数量 | 12 | 3 |
| （一）予以公开 | 5 | 1 |
| 总计 | 17 | 4 |
"""


def text_edges():
    write("text", "edge_markdown_table.md", "# 年度报告\n\n一、总体情况\n\n" + REPORT_TABLE)
    write("text", "edge_bom_crlf.txt", "\ufeff标题\r\n\r\n| a | 1 |\r\n| b | 2 |\r\n".encode("utf-8"))
    write("text", "edge_utf16le_bom.txt", "\ufeff一、概述\n正文，第一段。\n| 甲 | 1 |\n".encode("utf-16-le"))
    write("text", "edge_utf16be_no_bom.txt", "(一)主动公开\n规章 | 0 | 3 |\n".encode("utf-16-be"))
    write("text", "edge_gb18030.txt", ("关于2021年政府信息公开工作年度报告\n" + REPORT_TABLE).encode("gb18030"))
    write("text", "edge_big5.txt", "政府資訊公開年度報告\n項目 | 數量 |\n申請 | 4 |\n".encode("big5"))
    write("text", "edge_stream.txt", "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 | 规章 | 0 | 0 | 3 | 规范性文件 | 1 | 2 | 5 |\n")
    write("text", "edge_cell_per_line.txt", "信息内容\n本年新制作数量\n本年新公开数量\n对外公开总数量\n规章\n0\n0\n3\n规范性文件\n1\n2\n5\n")
    write("text", "edge_tabbed.txt", "\t项目\t数量\n\t\t（一）自然人\t4\n\t\t（二）法人\t\t2\n\t总计\t6\n")
    write("text", "edge_lists_links.md", "- [首页](http://example.org/)\n  - 子项 [链接](#anchor)\n    1. 深层\n* 另一项\n\n1) 第一\n2) 第二\n")
    write("text", "edge_crawler_header.txt", "标题：某县人民政府2022年政府信息公开工作年度报告\n发布机构：某县人民政府办公室\n发布日期：2023-01-20\n\n正文一、总体情况。2022年，某县……\n")
    write("text", "edge_cr_only.txt", "一、标题\r| a | 1 |\r| b | 2 |\r")
    write("text", "edge_controls.txt", b"\x00\x01\x02 text with NUL\x00 | 1 |\n\x1b[31mred\x1b[0m\n\x7f\n")
    write("text", "edge_pipes_only.txt", "||||\n|||\n| | |\n|\n")
    write("text", "edge_spaced_labels.txt", "\u3000\u3000自 然 人\u3000\u3000| 商业 企业 |\u00a0\n\u200b0\u200b | 1 |\n")
    write("text", "edge_markers.txt", "[bookmark: _GoBack]一、总体情况\n[image: x.png]\n正文。\n")
    write("text", "edge_long_line.txt", "长" * 3000 + "\n")
    write("text", "edge_duplicated_opening.txt", ("一、总体情况\n本机关认真贯彻落实《条例》。\n" * 2) + "二、主动公开\n")


# --------------------------------------------------------------------------
# HTML


def html_edges():
    write("html", "edge_huge_spans.html", "<html><body><table><tr><td rowspan=65535 colspan=1000>x</td><td>1</td></tr><tr><td colspan=0>y</td></tr></table></body></html>")
    write("html", "edge_nested_tables.html", "<table><tr><th>项目</th><th>数量</th></tr><tr><td><table><tr><td>内</td><td>2</td></tr></table></td><td>3</td></tr></table>")
    write("html", "edge_lists_links.html", '<ul><li><a href="http://a">甲</a><ul><li>乙 <a href="#x">丙</a></li></ul></li><li><a href="">空</a><a href="y"></a></li></ul><ol start="0"><li>一</li></ol>')
    write("html", "edge_gbk_meta.html", '<html><head><meta charset="gbk"><title>年度报告</title></head><body><p>一、总体情况</p><p>正文</p></body></html>'.encode("gbk"))
    write("html", "edge_big5_http_equiv.html", '<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5"></head><body><h1>報告</h1><table><tr><td>申請</td><td>4</td></tr></table></body></html>'.encode("big5"))
    write("html", "edge_unclosed.html", "<html><body><div><p>段落<table><tr><td>a<td>1<tr><td>b<td>2</table><p>后<b><i>交错</b></i>")
    write("html", "edge_script_style.html", "<script>var t='<table>';</script><style>td{}</style><!-- <p>注释</p> --><p>文本<![CDATA[x]]></p><br><br/>")
    write("html", "edge_chrome.html", "<body><div>当前位置：首页 &gt; 信息公开 &gt; 年度报告</div><h2>2022年度报告</h2><p>发布时间：2023-01-20 来源：某局 浏览次数：12</p><p>正文。</p><div>主办单位：某县人民政府 版权所有 ICP备12345号</div></body>")
    write("html", "edge_entities.html", "<p>&lt;&amp;&#x4E00;&#19968;&nbsp;&ensp;&#0;&#xD800;&unknown;</p><table><tr><td>&nbsp;</td><td> 1,234 </td></tr></table>")
    write("html", "edge_headings.html", "<h1></h1><h2>一、总体情况</h2><h6>细</h6><h3><a href='#t'>链接标题</a></h3><p>text</p>")
    write("html", "edge_utf16.html", "\ufeff<html><body><p>UTF-16 页面</p></body></html>".encode("utf-16-le"))
    write("html", "edge_thead_tfoot.html", "<table><caption>表</caption><thead><tr><th colspan=2>头</th></tr><tr><th>a</th><th>b</th></tr></thead><tfoot><tr><td>合计</td><td>3</td></tr></tfoot><tbody><tr><td rowspan=3>x</td><td>1</td></tr><tr><td>2</td></tr></tbody></table>")


# --------------------------------------------------------------------------
# DOCX

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""


def zip_bytes(parts):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return out.getvalue()


def docx(body, extra=None, rels=None):
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}</w:body></w:document>',
    }
    if rels is not None:
        parts["word/_rels/document.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + rels
            + "</Relationships>"
        )
    parts.update(extra or {})
    return zip_bytes(parts)


def p(text, ppr=""):
    return f"<w:p>{ppr and '<w:pPr>' + ppr + '</w:pPr>'}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def tc(text, tcpr=""):
    return f"<w:tc>{tcpr and '<w:tcPr>' + tcpr + '</w:tcPr>'}{p(text)}</w:tc>"


def docx_edges():
    write("docx", "edge_minimal.docx", docx(p("一、总体情况") + p("正文。")))
    write("docx", "edge_empty_body.docx", docx(""))
    table = (
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
        "<w:tr>" + tc("头", '<w:gridSpan w:val="50"/>') + "</w:tr>"
        "<w:tr>" + tc("a", '<w:vMerge w:val="restart"/>') + tc("1") + "</w:tr>"
        "<w:tr>" + tc("", "<w:vMerge/>") + tc("2") + "</w:tr>"
        "<w:tr><w:trPr><w:gridBefore w:val=\"9999\"/></w:trPr>" + tc("b") + "</w:tr>"
        "<w:tr>" + tc("", '<w:vMerge w:val="continue"/>') + tc("", '<w:gridSpan w:val="0"/>') + "</w:tr>"
        "</w:tbl>"
    )
    write("docx", "edge_spans.docx", docx(table))
    numbering = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}">'
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="8"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1%9、"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    ct = CONTENT_TYPES.replace("</Types>", '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>')
    body = (
        p("深", '<w:numPr><w:ilvl w:val="8"/><w:numId w:val="1"/></w:numPr>')
        + p("浅", '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>')
        + p("无", '<w:numPr><w:ilvl w:val="3"/><w:numId w:val="7"/></w:numPr>')
    )
    write(
        "docx",
        "edge_list_levels.docx",
        docx(body, {"word/numbering.xml": numbering, "[Content_Types].xml": ct},
             rels='<Relationship Id="rIdN" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>'),
    )
    link = '<w:p><w:hyperlink r:id="rId9"><w:r><w:t>断链</w:t></w:r></w:hyperlink><w:hyperlink w:anchor="x"><w:r><w:t></w:t></w:r></w:hyperlink><w:r><w:t>后文</w:t></w:r></w:p>'
    write("docx", "edge_hyperlinks.docx", docx(link, rels=""))
    deep = "<w:tbl><w:tr><w:tc>" * 20 + p("深处") + "</w:tc></w:tr></w:tbl>" * 20
    write("docx", "edge_deep_tables.docx", docx(deep))
    write("docx", "edge_no_content_types.docx", zip_bytes({"word/document.xml": f'<w:document xmlns:w="{W}"><w:body>{p("x")}</w:body></w:document>'}))
    write("docx", "edge_bad_xml.docx", docx("<w:p><w:r><w:t>未闭合</w:r></w:p>&bogus;"))


# --------------------------------------------------------------------------
# Spreadsheets


def xlsx(sheet, shared=None, merges=""):
    ct = """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"""
    rels = """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
    wb = """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
    wbrels = """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"""
    strings = "".join(f"<si><t>{s}</t></si>" for s in (shared or []))
    sst = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(shared or [])}">{strings}</sst>'
    ws = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet}</sheetData>{merges}</worksheet>'
    return zip_bytes({
        "[Content_Types].xml": ct,
        "_rels/.rels": rels,
        "xl/workbook.xml": wb,
        "xl/_rels/workbook.xml.rels": wbrels,
        "xl/sharedStrings.xml": sst,
        "xl/worksheets/sheet1.xml": ws,
    })


def ods(content_body):
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{content_body}</office:spreadsheet></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        info = zipfile.ZipInfo("mimetype", FIXED_TIME)
        z.writestr(info, "application/vnd.oasis.opendocument.spreadsheet")
        manifest = (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
        )
        for name, data in (("META-INF/manifest.xml", manifest), ("content.xml", content)):
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return out.getvalue()


def spreadsheet_edges():
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>12.5</v></c><c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#DIV/0!</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>99</v></c><c r="B3" t="inlineStr"><is><t>内联</t></is></c><c r="C3"><v>1E+300</v></c></row>'
    )
    write("spreadsheet", "edge_minimal.xlsx", xlsx(rows, ["项目", "数量", "（一）自然人"]))
    merges = '<mergeCells count="3"><mergeCell ref="A1:B1"/><mergeCell ref="A1:A3"/><mergeCell ref="C5:B2"/></mergeCells>'
    write("spreadsheet", "edge_overlapping_merges.xlsx", xlsx(rows, ["项目", "数量", "x"], merges))
    far = '<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row><row r="1048576"><c r="A1048576"><v>3</v></c></row>'
    write("spreadsheet", "edge_far_cells.xlsx", xlsx(far))
    bad = '<row r="0"><c r="1A"><v>x</v></c><c><v>nan</v></c><c r="B2" t="s"><v>-1</v></c></row>'
    write("spreadsheet", "edge_bad_refs.xlsx", xlsx(bad, []))
    table = (
        '<table:table table:name="表">'
        '<table:table-row><table:table-cell table:number-columns-spanned="3"><text:p>标题</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="2"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="3"><table:table-cell office:value-type="float" office:value="7"><text:p>7</text:p></table:table-cell>'
        '<table:table-cell table:number-columns-repeated="200"/></table:table-row>'
        '<table:table-row><table:table-cell table:number-rows-spanned="9999"><text:p>a</text:p><text:p>b</text:p></table:table-cell></table:table-row>'
        "</table:table>"
    )
    write("spreadsheet", "edge_repeats.ods", ods(table))
    write("spreadsheet", "edge_empty.ods", ods(""))


# --------------------------------------------------------------------------
# PDF


def pdf(objects, *, trailer_extra="", broken_xref=False):
    """A PDF of the given object bodies (object 1 is the catalog)."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        if isinstance(body, str):
            body = body.encode("latin-1")
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset + (7 if broken_xref else 0):010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {trailer_extra}>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def stream(data, extra=""):
    if isinstance(data, str):
        data = data.encode("latin-1")
    return f"<< /Length {len(data)} {extra}>>\nstream\n".encode() + data + b"\nendstream"


def page_pdf(content, font="<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", **kw):
    return pdf(
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            stream(content),
            font,
        ],
        **kw,
    )


def pdf_edges():
    text = "BT /F1 16 Tf 72 760 Td (Annual report 2022) Tj ET BT /F1 10 Tf 72 730 Td (First paragraph of text.) Tj 0 -14 Td (Second line.) Tj ET"
    write("pdf", "edge_minimal.pdf", page_pdf(text))
    table = ["0.5 w"]
    for y in (700, 680, 660, 640):
        table.append(f"72 {y} m 372 {y} l S")
    for x in (72, 172, 272, 372):
        table.append(f"{x} 700 m {x} 640 l S")
    cells = [("Item", "2021", "2022"), ("Received", "12", "15"), ("Total", "12", "15")]
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            table.append(f"BT /F1 9 Tf {76 + 100 * c} {686 - 20 * r} Td ({value}) Tj ET")
    write("pdf", "edge_ruled_table.pdf", page_pdf("\n".join(table)))
    write("pdf", "edge_broken_xref.pdf", page_pdf(text, broken_xref=True))
    write("pdf", "edge_no_xref.pdf", page_pdf(text).split(b"xref\n")[0] + b"%%EOF\n")
    write("pdf", "edge_truncated.pdf", page_pdf(text)[:400])
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
        "1 begincodespacerange <0000> <FFFF> endcodespacerange "
        "2 beginbfchar <0001> <4E00> <0002> <D800> endbfchar "
        "1 beginbfrange <0010> <FFFF> <0041> endbfrange endcmap end end"
    )
    write(
        "pdf",
        "edge_tounicode.pdf",
        pdf([
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            stream("BT /F1 12 Tf 72 700 Td <000100020010FFFF> Tj ET"),
            "<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 5 >> /W [1 [1000 1000]] >>",
            stream(cmap),
        ]),
    )
    compressed = zlib.compress(text.encode("latin-1"))
    write(
        "pdf",
        "edge_flate_wrong_length.pdf",
        pdf([
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            f"<< /Length 9999 /Filter /FlateDecode >>\nstream\n".encode() + compressed + b"\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]),
    )
    loop = pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 /Parent 2 0 R >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 0 0] /Contents [4 0 R 4 0 R] /Rotate 45 >>",
        stream("q 1 0 0 1 0 0 cm Q Q Q BT ET ET /F9 Tf (x) ' (y) \" TJ [(a) -1e308 (b)] TJ"),
    ])
    write("pdf", "edge_page_tree_loop.pdf", loop)
    write("pdf", "edge_encrypt_without_data.pdf", page_pdf(text, trailer_extra="/Encrypt << /Filter /Standard /V 9 /R 9 >> /ID [<00> <00>] "))


# --------------------------------------------------------------------------
# CSV


def csv_edges():
    write("csv", "edge_quoted_newlines.csv", 'name,note,value\r\n"甲","第一行\n第二行",1\r\n"乙","含""引号""",2\r\n丙,,3\r\n')
    write("csv", "edge_unclosed_quote.csv", 'a,b,c\n1,"open,2\n3,4,5\n')
    write("csv", "edge_lone_cr.csv", "a;b;c\r1;2,5;3\r4;5;6\r")
    write("csv", "edge_pipes.csv", "项目|数量|备注\n申请|4|\n答复|3|x|y\n")
    write("csv", "edge_tabs.tsv", "\ufeff项目\t2021\t2022\n\t\t\n收到\t1,234\t12%\n")
    write("csv", "edge_utf16_tsv.tsv", "\ufeffa\tb\n1\t2\n3\t4\n".encode("utf-16-le"))
    write("csv", "edge_empty_rows.csv", ",,,\n,,,\na,b,c\n,,,\n1,2,3\n")
    write("csv", "edge_one_column.csv", "only\n1\n2\n3\n")
    write("csv", "edge_wide_row.csv", ",".join(str(i) for i in range(2000)) + "\n1,2\n3,4\n")
    write("csv", "edge_spaces.csv", "\u3000a\u3000, \u00a0b ,\u200bc\u200b\n 1 , 2 , 3 \n4,5,6\n")
    write("csv", "edge_gbk_semicolon.csv", "项目;数量\n申请;4\n答复;3\n".encode("gbk"))
    write("csv", "edge_merged_header.csv", "项目,申请人情况,,\n,自然人,法人,总计\n新收,1,2,3\n结转,0,1,1\n")


# --------------------------------------------------------------------------
# Raw tables for the repair target (format: fuzz/src/raw.rs)


def repair_edges():
    report_rows = """# rows rows of 2, 4 and 5 cells
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数
规章 | 0 | 0 | 3
规范性文件 | 1 | 2
行政许可 | 5
一、本年新收政府信息公开申请数量 | 4 | 0 | 0 | 4
（一）予以公开 | 2
1.属于国家秘密 | 0 | 0
总计 | 6 | 0 | 0 | 6
"""
    write("repair", "rows_annual_report.txt", report_rows)
    write("repair", "stream_collapsed.txt", "# stream no row breaks in 16 cells\n信息内容|本年新制作数量|本年新公开数量|对外公开总数量|规章|0|0|3|规范性文件|1|2|5|其他|-|—|/\n")
    write("repair", "exact_whole.txt", "# exact h=1\n项目@1,2||\n甲|1\n乙|2\n")
    write("repair", "exact_overlaps.txt", "# exact\na@2,2|b|c\nd|e@1,3\n||f@3,1\n")
    write("repair", "aligned_merged_labels.txt", "# aligned\n项目|申请人情况@1,3\n||自然人|法人|总计\n一、本年新收|1|2|3\n|0|1|1\n（一）予以公开|4|5|9\n续行文字||||\n")
    pages = """# aligned
项目|自然人|法人|总计
一、新收|1|2|3
# aligned continues
项目|自然人|法人|总计
二、结转|0|1|1
# ruled exact continues w=52
项目|自然人|法人|总计
三、办理|2|2|4
|||
# exact ruled continues
被拆开的标签|||
总计|3|5|8
"""
    write("repair", "pages_joined.txt", pages)
    write("repair", "rows_without_numbers.txt", "# rows\n姓名 | 职务\n张三 | 主任 | 副主任\n李四\n")
    write("repair", "rows_titles.txt", "# rows\n第二十条第(五)项\n信息内容 | 本年新制作数量\n第二十条第(六)项\n行政处罚 | 2\n行政强制 | 3 | 4 | 5 | 6\n")
    write("repair", "mixed_forms.txt", "一 | 二\n# exact\n\n# stream\n|||\n# aligned w=3 h=9\nx@1,99|1\n")


def main():
    copy_fixtures()
    text_edges()
    html_edges()
    docx_edges()
    spreadsheet_edges()
    pdf_edges()
    csv_edges()
    repair_edges()
    for folder in sorted(CORPUS.iterdir()):
        files = list(folder.iterdir())
        size = sum(f.stat().st_size for f in files)
        print(f"corpus/{folder.name}: {len(files)} files, {size // 1024} KiB")


if __name__ == "__main__":
    main()
