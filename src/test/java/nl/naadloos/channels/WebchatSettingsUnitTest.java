package nl.naadloos.channels;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nl.naadloos.platform.InvalidRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebchatSettingsUnitTest {

	static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

	final WebchatSettings settings = new WebchatSettings();

	@Test
	void originsAreWrittenAsBrowsersSendThem() {
		Map<String, Object> valid = this.settings.validate(
				Map.of("allowedOrigins", List.of("https://WWW.Shop.example/", "https://www.shop.example:443", "http://localhost:8080")), null);
		assertThat(valid.get("allowedOrigins")).isEqualTo(List.of("https://www.shop.example", "http://localhost:8080"));
		assertThat(WebchatSettings.allows(valid, "https://www.shop.example")).isTrue();
		assertThat(WebchatSettings.allows(valid, "https://shop.example")).isFalse();
		assertThat(WebchatSettings.allows(valid, "http://localhost:8081")).isFalse();
		assertThat(WebchatSettings.allows(valid, null)).isFalse();
	}

	@Test
	void aSecretIsMadeWhenLeftOutAndKeptOnUpdate() {
		Map<String, Object> created = this.settings.validate(Map.of("allowedOrigins", List.of("*")), null);
		assertThat((String) created.get("secret")).hasSizeGreaterThanOrEqualTo(40);
		Map<String, Object> updated = this.settings.validate(Map.of("colour", "#AA0000"), created);
		assertThat(updated.get("secret")).isEqualTo(created.get("secret"));
		assertThat(updated.get("colour")).isEqualTo("#aa0000");
	}

	@Test
	void openingHoursDecideWhetherTheWidgetIsOpen() {
		Map<String, Object> valid = this.settings.validate(Map.of("allowedOrigins", List.of("*"), "openingHours",
				Map.of("mon", "09:00-17:30", "sat", "10:00-24:00")), null);
		// 23 November 2026 is a Monday.
		assertThat(WebchatSettings.open(valid, ZonedDateTime.of(2026, 11, 23, 8, 59, 0, 0, AMSTERDAM))).isFalse();
		assertThat(WebchatSettings.open(valid, ZonedDateTime.of(2026, 11, 23, 9, 0, 0, 0, AMSTERDAM))).isTrue();
		assertThat(WebchatSettings.open(valid, ZonedDateTime.of(2026, 11, 23, 17, 30, 0, 0, AMSTERDAM))).isFalse();
		assertThat(WebchatSettings.open(valid, ZonedDateTime.of(2026, 11, 24, 12, 0, 0, 0, AMSTERDAM))).as("Tuesday: closed").isFalse();
		assertThat(WebchatSettings.open(valid, ZonedDateTime.of(2026, 11, 28, 23, 59, 0, 0, AMSTERDAM))).isTrue();
		assertThat(WebchatSettings.open(this.settings.validate(Map.of("allowedOrigins", List.of("*")), null),
				ZonedDateTime.of(2026, 11, 29, 3, 0, 0, 0, AMSTERDAM))).as("no hours: always open").isTrue();
	}

	@Test
	void wrongSettingsAreNamedInWords() {
		assertThatThrownBy(() -> this.settings.validate(Map.of("allowedOrigins", List.of("ftp://x")), null))
			.isInstanceOf(InvalidRequest.class)
			.hasMessageContaining("ftp://x");
		assertThatThrownBy(() -> this.settings.validate(Map.of("allowedOrigins", List.of("*"), "colour", "red"), null))
			.hasMessageContaining("colour");
		assertThatThrownBy(() -> this.settings.validate(Map.of("allowedOrigins", List.of("*"), "openingHours",
				Map.of("maandag", "09:00-17:00")), null)).hasMessageContaining("maandag");
		assertThatThrownBy(() -> this.settings.validate(Map.of("allowedOrigins", List.of("*"), "preChat",
				Map.of("fields", List.of(Map.of("name", "phone")))), null)).hasMessageContaining("preChat");
		assertThatThrownBy(() -> this.settings.validate(Map.of("allowedOrigins", List.of("*"), "emailAfterMinutes", -1), null))
			.hasMessageContaining("emailAfterMinutes");
		assertThatThrownBy(() -> this.settings.validate(Map.of("allowedOrigins", List.of("*"), "bogus", 1), null))
			.hasMessageContaining("bogus");
	}

}
