package io.notify.enricher;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.runtime.config.ConfigSource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnricherSettingsTest {

    @Test
    void shouldStartFromLocalDefaults() {
        EnricherSettings settings = EnricherSettings.defaults();

        assertThat(settings.dedupeRetention()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.defaultOptIn()).isTrue();
        assertThat(settings.transactionalCategories()).containsExactlyInAnyOrder("security", "password_reset");
        assertThat(settings.defaultLocale()).isEqualTo("en");
        assertThat(settings.hourlyLimit("shipping")).isEqualTo(10);
    }

    @Test
    void shouldReadOverridesIncludingPerCategoryRateLimits() {
        EnricherSettings settings = EnricherSettings.from(ConfigSource.of(Map.of(
                "enricher.dedupe.retention", "PT2H",
                "enricher.default.opt.in", "false",
                "enricher.transactional.categories", " Security , billing ",
                "enricher.rate.limit.per.hour", "5",
                "enricher.rate.limit.category.marketing", "1")));

        assertThat(settings.dedupeRetention()).isEqualTo(Duration.ofHours(2));
        assertThat(settings.defaultOptIn()).isFalse();
        assertThat(settings.isTransactional("security")).isTrue();
        assertThat(settings.isTransactional("billing")).isTrue();
        assertThat(settings.hourlyLimit("marketing")).isEqualTo(1);
        assertThat(settings.hourlyLimit("shipping")).isEqualTo(5);
    }
}
