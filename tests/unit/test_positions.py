from agentls.document.positions import LineIndex, Position


def test_ascii_offsets_round_trip():
    idx = LineIndex("ab\ncd\r\nef\rgh")
    assert idx.line_count == 4
    assert [idx.line_text(i) for i in range(4)] == ["ab", "cd", "ef", "gh"]
    for off in range(len(idx.text) + 1):
        p = idx.position(off)
        if idx.text[off - 1 : off + 1] != "\r\n":  # the middle of CRLF has no position of its own
            assert idx.offset(p) == off


def test_astral_characters_count_two_utf16_units():
    text = "a😀b\n😀😀x"
    idx = LineIndex(text)
    assert idx.position(text.index("b")) == Position(0, 3)
    assert idx.position(text.index("x")) == Position(1, 4)
    assert idx.offset(Position(1, 4)) == text.index("x")
    assert idx.convert_column(1, 4, "utf-8") == 8
    assert idx.convert_column(1, 4, "utf-32") == 2
    assert idx.from_column(1, 8, "utf-8") == Position(1, 4)
    assert idx.from_column(1, 2, "utf-32") == Position(1, 4)


def test_positions_past_the_end_clamp():
    idx = LineIndex("abc\nde")
    assert idx.offset(Position(0, 99)) == 3
    assert idx.offset(Position(9, 0)) == len("abc\nde")
    assert idx.position(999) == Position(1, 2)
