package dev.provenant.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {
  @Test
  void esc_markupAndQuotes_becomeEntities() {
    assertThat(Html.esc("<script>alert('x')</script> & \"q\""))
        .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
  }

  @Test
  void elementsAndLinks_escapeTextAndHref() {
    String page = new Html().el("td", "<b>").a("/x?a=\"1\"", "<i>").toString();
    assertThat(page).isEqualTo("<td>&lt;b&gt;</td><a href=\"/x?a=&quot;1&quot;\">&lt;i&gt;</a>");
  }

  @Test
  void seg_encodesPathSegment() {
    assertThat(Html.seg("a b/c")).isEqualTo("a%20b%2Fc");
  }
}
