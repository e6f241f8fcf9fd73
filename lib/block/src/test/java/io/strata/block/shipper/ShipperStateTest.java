package io.strata.block.shipper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShipperStateTest {
  @TempDir Path dir;

  @Test
  void writesThanosFormatAtomically() throws IOException {
    Path f = dir.resolve("thanos.shipper.json");
    ShipperState.write(f, List.of("01HA0000000000000000000000", "01HB0000000000000000000000"));
    assertThat(Files.readString(f)).isEqualTo("""
        {
        \t"version": 1,
        \t"uploaded": [
        \t\t"01HA0000000000000000000000",
        \t\t"01HB0000000000000000000000"
        \t]
        }
        """);
    assertThat(ShipperState.read(f)).containsExactly("01HA0000000000000000000000", "01HB0000000000000000000000");
    assertThat(dir.resolve("thanos.shipper.json.tmp")).doesNotExist();
  }

  @Test
  void readsWhatThanosWritesForNoBlocks() throws IOException {
    Path f = dir.resolve("thanos.shipper.json");
    Files.writeString(f, "{\n\t\"version\": 1,\n\t\"uploaded\": null\n}\n");
    assertThat(ShipperState.read(f)).isEmpty();
  }

  @Test
  void missingFileIsNoSuchFile() {
    assertThatThrownBy(() -> ShipperState.read(dir.resolve("nope.json"))).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void otherVersionsAndGarbageAreErrorsNamingTheFile() throws IOException {
    Path f = dir.resolve("s.json");
    Files.writeString(f, "{\"version\":2,\"uploaded\":[]}");
    assertThatThrownBy(() -> ShipperState.read(f)).isInstanceOf(IOException.class).hasMessageContaining("version 2")
        .hasMessageContaining(f.toString());
    Files.writeString(f, "{\"version\":");
    assertThatThrownBy(() -> ShipperState.read(f)).isInstanceOf(IOException.class).hasMessageContaining(f.toString());
  }
}
