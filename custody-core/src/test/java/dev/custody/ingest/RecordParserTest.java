package dev.custody.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.error.InvalidInputException;
import dev.custody.model.CanonicalRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordParserTest {
  private final RecordParser parser = new RecordParser(RecordLimits.DEFAULTS);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private List<CanonicalRecord> json(String s) {
    return parser.parseJson(utf8(s));
  }

  private static InvalidInputException refusal(Runnable r) {
    try {
      r.run();
    } catch (InvalidInputException e) {
      return e;
    }
    throw new AssertionError("expected the input to be refused");
  }

  @Test
  void rfc8785SampleCanonicalizesAsTheRfcShows() {
    // RFC 8785 section 3.2.2 / 3.2.3 sample input and output.
    String in =
        "{\"numbers\":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"
            + "\"string\":\"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\","
            + "\"literals\":[null,true,false]}";
    String out =
        "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
            + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
    assertThat(json(in).get(0).json()).isEqualTo(out);
  }

  @Test
  void memberOrderAndWhitespaceDoNotChangeTheId() {
    CanonicalRecord a = json("{\"b\": 2, \"a\": [1, 2]}").get(0);
    CanonicalRecord b = json("{\"a\":[1,2],\"b\":2}").get(0);
    assertThat(a.id()).isEqualTo(b.id());
    assertThat(a.json()).isEqualTo("{\"a\":[1,2],\"b\":2}");
  }

  @Test
  void idIsSha256OfTheCanonicalBytes() throws Exception {
    CanonicalRecord r = json("{\"a\":1}").get(0);
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(utf8("{\"a\":1}"));
    assertThat(r.id().toString()).isEqualTo("sha256:" + java.util.HexFormat.of().formatHex(digest));
  }

  @Test
  void anArrayGivesOneRecordPerElementInOrder() {
    assertThat(json("[{\"n\":1},{\"n\":2}]"))
        .extracting(CanonicalRecord::json)
        .containsExactly("{\"n\":1}", "{\"n\":2}");
  }

  @Test
  void ndjsonGivesOneRecordPerLineSkippingBlankLines() {
    List<CanonicalRecord> rs = parser.parseNdjson(utf8("{\"n\":1}\n\n{\"n\":2}\r\n"));
    assertThat(rs).extracting(CanonicalRecord::json).containsExactly("{\"n\":1}", "{\"n\":2}");
  }

  @Test
  void malformedJsonIsRefusedWithItsLocation() {
    InvalidInputException e = refusal(() -> json("{\"a\":}"));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.field()).isEmpty();
    assertThat(e.detail()).contains("line 1");
  }

  @Test
  void aNonObjectElementIsNamedByPointer() {
    InvalidInputException e = refusal(() -> json("[{\"a\":1},{\"b\":2},3]"));
    assertThat(e.field()).isEqualTo("/2");
    assertThat(e.detail()).contains("a number");
  }

  @Test
  void aTopLevelScalarIsRefused() {
    assertThat(refusal(() -> json("\"x\"")).detail()).contains("a string");
  }

  @Test
  void trailingContentAfterTheValueIsRefused() {
    assertThat(refusal(() -> json("{\"a\":1} {\"b\":2}")).detail())
        .contains("after the JSON value");
  }

  @Test
  void duplicateMemberNamesAreRefused() {
    InvalidInputException e = refusal(() -> json("[{\"a\":1},{\"a\":1,\"a\":2}]"));
    assertThat(e.field()).isEqualTo("/1");
    assertThat(e.detail()).contains("Duplicate field 'a'");
  }

  @Test
  void anUnpairedSurrogateIsRefused() {
    assertThat(refusal(() -> json("{\"a\":\"\\ud800x\"}")).detail()).contains("surrogate");
  }

  @Test
  void anIntegerADoubleCannotHoldIsRefusedRatherThanAltered() {
    InvalidInputException e =
        refusal(() -> json("[{\"ok\":9007199254740992},{\"id\":12345678901234567890}]"));
    assertThat(e.field()).isEqualTo("/1");
    assertThat(e.detail()).contains("12345678901234567890").contains("string");
  }

  @Test
  void aNumberBeyondDoubleRangeIsRefused() {
    assertThat(refusal(() -> json("{\"x\":1e400}")).detail()).contains("range");
  }

  @Test
  void emptyBodiesAndEmptyArraysAreRefused() {
    assertThat(refusal(() -> json("")).detail()).contains("empty");
    assertThat(refusal(() -> json("[]")).detail()).contains("no records");
    assertThat(refusal(() -> parser.parseNdjson(utf8("\n\n"))).detail()).contains("no records");
  }

  @Test
  void nestingDeeperThanTheLimitIsRefused() {
    RecordParser p = new RecordParser(new RecordLimits(1 << 20, 1 << 20, 3, 10));
    p.parseJson(utf8("{\"a\":{\"b\":[1]}}"));
    InvalidInputException e = refusal(() -> p.parseJson(utf8("[{\"a\":{\"b\":[[1]]}}]")));
    assertThat(e.field()).isEqualTo("/0");
    assertThat(e.detail()).contains("deeper than 3");
  }

  @Test
  void aRecordOverTheSizeLimitIsRefusedWith413() {
    RecordParser p = new RecordParser(new RecordLimits(1 << 20, 20, 10, 10));
    InvalidInputException e =
        refusal(() -> p.parseJson(utf8("[{\"a\":1},{\"a\":\"0123456789012345678901\"}]")));
    assertThat(e.status()).isEqualTo(413);
    assertThat(e.field()).isEqualTo("/1");
  }

  @Test
  void aBodyOverTheRequestLimitIsRefusedWith413() {
    RecordParser p = new RecordParser(new RecordLimits(10, 10, 10, 10));
    assertThat(refusal(() -> p.parseJson(utf8("{\"a\":\"12345\"}"))).status()).isEqualTo(413);
  }

  @Test
  void moreRecordsThanTheLimitAreRefusedWith413() {
    RecordParser p = new RecordParser(new RecordLimits(1 << 20, 1 << 20, 10, 2));
    assertThat(refusal(() -> p.parseJson(utf8("[{},{},{}]"))).status()).isEqualTo(413);
    assertThat(refusal(() -> p.parseNdjson(utf8("{}\n{}\n{}\n"))).status()).isEqualTo(413);
  }

  @Test
  void ndjsonErrorsNameTheRecordAndTheLine() {
    InvalidInputException e = refusal(() -> parser.parseNdjson(utf8("{\"a\":1}\n\n[1]\n")));
    assertThat(e.field()).isEqualTo("/1");
    assertThat(e.detail()).startsWith("line 3");
    assertThatThrownBy(() -> parser.parseNdjson(utf8("{\"a\":1} {\"b\":1}\n")))
        .hasMessageContaining("more than one JSON value");
  }

  @Test
  void invalidUtf8IsRefused() {
    byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    assertThat(refusal(() -> parser.parseJson(body)).status()).isEqualTo(400);
  }
}
