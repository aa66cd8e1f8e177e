package io.pumpops.schemas.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelRangeTest {

  @Test
  void parsesNameBoundsAndUnitIncludingNegativeBounds() {
    Map.Entry<String, ChannelRange> entry = ChannelRange.parse("pressure=-1.5..700 bar");

    assertThat(entry.getKey()).isEqualTo("pressure");
    assertThat(entry.getValue()).isEqualTo(new ChannelRange(-1.5, 700, "bar"));
  }

  @Test
  void rejectsEntriesOfAnotherFormNamingThem() {
    assertThatThrownBy(() -> ChannelRange.parse("pressure 0-700"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pressure 0-700");
    assertThatThrownBy(() -> ChannelRange.parse("pressure=a..b bar"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a number");
    assertThatThrownBy(() -> ChannelRange.parse("pressure=9..1 bar"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("above max");
  }
}
