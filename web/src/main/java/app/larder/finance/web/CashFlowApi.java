package app.larder.finance.web;

import app.larder.finance.CashFlow;
import app.larder.platform.web.Decimals;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Cash flow by account: opening, in, out and closing for a period (whole days) and, optionally, a venue. */
@RestController
@Tag(name = "Finance: cash flow")
class CashFlowApi {

    private final CashFlow cashFlow;

    CashFlowApi(CashFlow cashFlow) {
        this.cashFlow = cashFlow;
    }

    record LineResponse(UUID accountId, String name, String kind, UUID venueId, String opening, String in,
                        String out, String closing) {
        static LineResponse of(CashFlow.Line l) {
            return new LineResponse(l.accountId(), l.name(), l.kind() == null ? null : l.kind().name(), l.venueId(),
                    Decimals.plain(l.opening()), Decimals.plain(l.in()), Decimals.plain(l.out()),
                    Decimals.plain(l.closing()));
        }
    }

    /** {@code start} inclusive and {@code end} exclusive: the period's days in {@code timezone}. */
    record CashFlowResponse(LocalDate from, LocalDate to, UUID venueId, String timezone, Instant start, Instant end,
                            List<LineResponse> accounts, LineResponse total) {
    }

    @GetMapping("/api/v1/finance/cash-flow")
    @Operation(summary = "Per account: balance at the start, in, out, and balance at the end (= the account's balance "
            + "then); days read in the venue's time zone, the business's without a venue")
    CashFlowResponse get(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                         @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                         @RequestParam(required = false) UUID venueId) {
        CashFlow.Report r = cashFlow.of(from, to, venueId);
        return new CashFlowResponse(r.from(), r.to(), r.venueId(), r.zone().getId(), r.start(), r.end(),
                r.lines().stream().map(LineResponse::of).toList(), LineResponse.of(r.total()));
    }
}
