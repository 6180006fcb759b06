package io.notify.enricher.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class QuietHoursTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final QuietHours NIGHT = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0));

    @Test
    void shouldReadAWindowAndRefuseWhatIsNotOne() {
        assertThat(QuietHours.parse("22:00-07:00")).contains(NIGHT);
        assertThat(QuietHours.parse(" 13:00-14:30 ")).contains(new QuietHours(LocalTime.of(13, 0), LocalTime.of(14, 30)));
        assertThat(QuietHours.parse("08:00-08:00")).as("equal ends: no window").isEmpty();
        assertThat(QuietHours.parse("25:00-07:00")).isEmpty();
        assertThat(QuietHours.parse("10pm-7am")).isEmpty();
        assertThat(QuietHours.parse(null)).isEmpty();
    }

    @Test
    void shouldHoldWhatFallsInAWindowAcrossMidnightUntilItsEnd() {
        ZoneId utc = ZoneId.of("UTC");
        assertThat(NIGHT.endOf(Instant.parse("2026-12-03T23:30:00Z"), utc)).contains(Instant.parse("2026-12-04T07:00:00Z"));
        assertThat(NIGHT.endOf(Instant.parse("2026-12-04T03:00:00Z"), utc)).contains(Instant.parse("2026-12-04T07:00:00Z"));
        assertThat(NIGHT.endOf(Instant.parse("2026-12-03T22:00:00Z"), utc)).as("the start is inside").isPresent();
        assertThat(NIGHT.endOf(Instant.parse("2026-12-04T07:00:00Z"), utc)).as("the end is outside").isEmpty();
        assertThat(NIGHT.endOf(Instant.parse("2026-12-04T12:00:00Z"), utc)).isEmpty();
    }

    @Test
    void shouldEndAtTheLocalTimeOnTheMorningTheClocksGoForward() {
        // Europe/Berlin, 2027-03-28: 02:00 CET becomes 03:00 CEST; 07:00 that morning is 05:00Z, not 06:00Z.
        assertThat(NIGHT.endOf(Instant.parse("2027-03-27T21:30:00Z"), BERLIN)).contains(Instant.parse("2027-03-28T05:00:00Z"));
    }

    @Test
    void shouldEndAtTheLocalTimeOnTheMorningTheClocksGoBack() {
        // 2027-10-31: 03:00 CEST becomes 02:00 CET; 07:00 that morning is 06:00Z.
        assertThat(NIGHT.endOf(Instant.parse("2027-10-30T21:30:00Z"), BERLIN)).contains(Instant.parse("2027-10-31T06:00:00Z"));
    }

    @Test
    void shouldEndAfterTheGapWhenTheWindowEndsInsideIt() {
        QuietHours untilHalfPastTwo = new QuietHours(LocalTime.of(1, 0), LocalTime.of(2, 30));
        // 02:30 does not exist in Berlin on 2027-03-28: the window ends at 03:30 CEST, the instant the gap's length later.
        assertThat(untilHalfPastTwo.endOf(Instant.parse("2027-03-28T00:15:00Z"), BERLIN)).contains(Instant.parse("2027-03-28T01:30:00Z"));
    }
}
