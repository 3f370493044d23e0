package dev.custody.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** {@code --max-skew} and {@code --backfill-after} durations. */
class ClockOptionsTest {
  private final ClockOptions.DurationConverter convert = new ClockOptions.DurationConverter();

  @Test
  void shortFormsAndIsoDurationsAreAccepted() {
    assertThat(convert.convert("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(convert.convert("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(convert.convert("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(convert.convert("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(convert.convert("PT10M")).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aNegativeOrUnknownDurationIsRefused() {
    assertThatThrownBy(() -> convert.convert("-5m")).isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> convert.convert("5 minutes"))
        .isInstanceOf(TypeConversionException.class);
  }

  @Test
  void theDefaultsAreFiveMinutesOfSkewAndADayOfBackfill() {
    ClockOptions o = new ClockOptions();
    assertThat(o.policy().maxSkew()).isEqualTo(Duration.ofMinutes(5));
    assertThat(o.policy().backfillAfter()).isEqualTo(Duration.ofHours(24));
  }
}
