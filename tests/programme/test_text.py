from innocounty.programme import html_to_text, text_length


def test_html_to_text_keeps_blocks_as_lines_and_drops_scripts():
    html = "<h2>一、建设基础</h2><p>昆山市&nbsp;2018年<b>GDP</b></p><ul><li>甲</li><li>乙</li></ul><script>x()</script>"
    assert html_to_text(html) == "一、建设基础\n昆山市 2018年GDP\n甲\n乙"


def test_text_length_ignores_markup_and_whitespace():
    assert text_length("<p>创新 驱动</p>\n<p>&lt;发展&gt;</p>") == 8  # the brackets count
    assert text_length(None) == 0 and text_length("") == 0 and text_length("<p>\u3000</p>") == 0
