package app.larder.finance;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;

import static org.assertj.core.api.Assertions.assertThat;

/** The P&L's "Change" column and the period it compares with, without a database: plain arithmetic on dates. */
class ProfitAndLossChangeTest {

    private static final Currency UAH = Currency.getInstance("UAH");

    @Test
    void theChangeIsTheDifferenceOfTheRoundedFiguresThePageShows() {
        // Shown: −6,000.004 → −6,000.00 and 462.354 → 462.35; the change is −6,000.00 − 462.35 = −6,462.35.
        // The exact difference, −6,462.358, would show as −6,462.36: off by 0.01 against the figures beside it.
        assertThat(line("-6000.004", "462.354").change()).isEqualByComparingTo("-6462.35");
        // Shown: 100.005 → 100.01 and 50.004 → 50.00, so the change is 50.01; the exact 50.001 would show 50.00.
        assertThat(line("100.005", "50.004").change()).isEqualByComparingTo("50.01");
        // Shown: 10.004 → 10.00 and 3.545 → 3.55: 6.45, where the exact 6.459 would show 6.46.
        assertThat(line("10.004", "3.545").change()).isEqualByComparingTo("6.45");
        assertThat(line("10.004", "3.545").change().scale()).isEqualTo(2);
    }

    @Test
    void aYenChangeHasNoDecimals() {
        // ¥ has no minor unit: 1,000.5 → 1,001 and 0.4 → 0, so 1,001; exact 1,000.1 would show 1,000.
        ProfitAndLoss.Line yen = new ProfitAndLoss.Line("revenue", "revenue", "finance.pnl.revenue", null,
                new BigDecimal("1000.5"), new BigDecimal("0.4"), 0, true, Currency.getInstance("JPY"));
        assertThat(yen.change()).isEqualByComparingTo("1001");
    }

    @Test
    void monthToDateComparesWithTheSameDaysOfLastMonth() {
        // 1–7 December (to is exclusive: 8 December) beside 1–7 November, not the whole of November.
        assertThat(ProfitAndLoss.previous(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 8))).isEqualTo(
                new ProfitAndLoss.Period(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 8),
                        ProfitAndLoss.Period.Basis.SAME_DAYS));
        // 1–30 March: February has no 29th or 30th, so all of February (28 days in 2026).
        assertThat(ProfitAndLoss.previous(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31))).isEqualTo(
                new ProfitAndLoss.Period(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 3, 1),
                        ProfitAndLoss.Period.Basis.SAME_DAYS));
        // The quarter to 7 December: 1 October–7 December beside 1 July–7 September.
        assertThat(ProfitAndLoss.previous(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 12, 8))).isEqualTo(
                new ProfitAndLoss.Period(LocalDate.of(2026, 7, 1), LocalDate.of(2026, 9, 8),
                        ProfitAndLoss.Period.Basis.SAME_DAYS));
        // The first of the month alone beside the first of the month before.
        assertThat(ProfitAndLoss.previous(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 2))).isEqualTo(
                new ProfitAndLoss.Period(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2),
                        ProfitAndLoss.Period.Basis.SAME_DAYS));
    }

    @Test
    void wholeMonthsCompareWithWholeMonthsAndOtherPeriodsWithTheDaysJustBefore() {
        // March beside February, whatever their lengths; a quarter beside the quarter before.
        assertThat(ProfitAndLoss.previous(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 4, 1))).isEqualTo(
                new ProfitAndLoss.Period(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 3, 1),
                        ProfitAndLoss.Period.Basis.MONTHS));
        assertThat(ProfitAndLoss.previous(LocalDate.of(2026, 4, 1), LocalDate.of(2026, 7, 1))).isEqualTo(
                new ProfitAndLoss.Period(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 4, 1),
                        ProfitAndLoss.Period.Basis.MONTHS));
        // 10–16 March, seven days, beside 3–9 March.
        assertThat(ProfitAndLoss.previous(LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 17))).isEqualTo(
                new ProfitAndLoss.Period(LocalDate.of(2026, 3, 3), LocalDate.of(2026, 3, 10),
                        ProfitAndLoss.Period.Basis.DAYS));
    }

    private static ProfitAndLoss.Line line(String current, String previous) {
        return new ProfitAndLoss.Line("netProfit", "netProfit", "finance.pnl.netProfit", null, new BigDecimal(current),
                new BigDecimal(previous), 0, true, UAH);
    }
}
