package dev.custody.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.error.InvalidInputException;
import dev.custody.model.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which package ids an impact question matches (pure: no store). */
class PackageSelectorTest {
  private static boolean matches(String purl, String versions, String id) {
    return PackageSelector.parse(purl, versions).matches(NodeId.parse(id, "id"));
  }

  @ParameterizedTest(name = "{0} {1} matches {2}: {3}")
  @CsvSource(
      delimiter = ';',
      nullValues = "-",
      value = {
        "pkg:maven/g/a@1.0; -; pkg:maven/g/a@1.0; true",
        "pkg:maven/g/a@1.0; -; pkg:maven/g/a@1.0?type=jar; true",
        "pkg:maven/g/a@1.0?type=pom; -; pkg:maven/g/a@1.0?type=jar; false",
        "pkg:maven/g/a@1.0; -; pkg:maven/g/a@1.0.1; false",
        "pkg:maven/g/a; -; pkg:maven/g/a@7; true",
        "pkg:maven/g/a; -; pkg:maven/g/a; true",
        "pkg:maven/g/a; -; pkg:maven/g/ab@1.0; false",
        "pkg:maven/g/a; -; pkg:npm/a@1.0; false",
        "pkg:maven/g/a; vers:maven/>=1.0|<2.0; pkg:maven/g/a@1.10; true",
        "pkg:maven/g/a; vers:maven/>=1.0|<2.0; pkg:maven/g/a@2.0-rc1; true",
        "pkg:maven/g/a; vers:maven/>=1.0|<2.0; pkg:maven/g/a@2.0; false",
        "pkg:maven/g/a; vers:maven/>=1.0|<2.0; pkg:maven/g/a; false",
        "pkg:npm/left-pad; vers:npm/>=1.3.0; pkg:npm/left-pad@1.10.0; true",
        "pkg:npm/left-pad; vers:npm/>=1.3.0; pkg:npm/left-pad@1.2.0; false",
        "pkg:npm/left-pad; vers:npm/>=1.3.0; pkg:npm/left-pad@not-semver; false",
        "pkg:npm/%40acme/ui; vers:npm/<2.0.0; pkg:npm/%40acme/ui@1.4.2; true"
      })
  void matchesByEcosystemOrder(String purl, String versions, String id, boolean expected) {
    assertThat(matches(purl, versions, id)).isEqualTo(expected);
  }

  @Test
  void thePrefixesNameOnlyThisPackage() {
    assertThat(PackageSelector.parse("pkg:npm/a", null).idPrefixes())
        .containsExactly("pkg:npm/a@", "pkg:npm/a?", "pkg:npm/a#");
    assertThat(PackageSelector.parse("pkg:npm/a", null).versionlessId())
        .isEqualTo(NodeId.parse("pkg:npm/a", "id"));
    assertThat(PackageSelector.parse("pkg:npm/a@1.0.0", null).versionlessId()).isNull();
  }

  @ParameterizedTest(name = "{0} {1} is refused naming {2}")
  @CsvSource(
      delimiter = ';',
      nullValues = "-",
      value = {
        "sha256:abc; -; purl",
        "https://example.com/x; -; purl",
        "pkg:maven/g/a@1.0; vers:maven/>1.0; versions",
        "pkg:maven/g/a; maven/>1.0; versions",
        "pkg:maven/g/a; vers:npm/>1.0.0; versions",
        "pkg:maven/g/a; vers:maven/; versions",
        "pkg:npm/a; vers:npm/>=abc; versions"
      })
  void badQuestionsNameTheField(String purl, String versions, String field) {
    assertThatThrownBy(() -> PackageSelector.parse(purl, versions))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
