package app.larder.finance.web;

import app.larder.finance.FinanceTransactions.Kind;
import app.larder.finance.Recurrence;
import app.larder.finance.RecurringTransactions;
import app.larder.platform.web.Decimals;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Recurring incomes and expenses, each occurrence booked once on its day of the month. */
@RestController
@Tag(name = "Finance: recurring transactions")
class RecurrenceApi {

    private final RecurringTransactions recurring;

    RecurrenceApi(RecurringTransactions recurring) {
        this.recurring = recurring;
    }

    record RecurrenceRequest(@NotNull Kind kind, @NotNull UUID accountId, @NotNull UUID categoryId, UUID venueId,
                             @NotNull BigDecimal amount, @NotNull Integer dayOfMonth, @NotNull LocalDate startsOn,
                             LocalDate endsOn, @Size(max = 200) String counterparty,
                             @Size(max = 1000) String comment) {
    }

    record RecurrenceResponse(UUID id, Kind kind, UUID accountId, UUID categoryId, UUID venueId, String amount,
                              int dayOfMonth, LocalDate startsOn, LocalDate endsOn, String counterparty,
                              String comment, boolean stopped) {
        static RecurrenceResponse of(Recurrence r) {
            return new RecurrenceResponse(r.getId(), r.getKind(), r.getAccountId(), r.getCategoryId(), r.getVenueId(),
                    Decimals.plain(r.getAmount()), r.getDayOfMonth(), r.getStartsOn(), r.getEndsOn(),
                    r.getCounterparty(), r.getComment(), r.isStopped());
        }
    }

    @GetMapping("/api/v1/recurring-transactions")
    List<RecurrenceResponse> list() {
        return recurring.all().stream().map(RecurrenceResponse::of).toList();
    }

    @GetMapping("/api/v1/recurring-transactions/{id}")
    RecurrenceResponse get(@PathVariable UUID id) {
        return RecurrenceResponse.of(recurring.get(id));
    }

    @PostMapping("/api/v1/recurring-transactions")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    @Operation(summary = "A monthly income or expense on a day (the last day in shorter months); what is due already "
            + "is booked at once, later occurrences by an hourly job, each exactly once")
    RecurrenceResponse create(@Valid @RequestBody RecurrenceRequest r) {
        return RecurrenceResponse.of(recurring.create(new RecurringTransactions.RecurrenceInput(r.kind(),
                r.accountId(), r.categoryId(), r.venueId(), r.amount(), r.dayOfMonth(), r.startsOn(), r.endsOn(),
                r.counterparty(), r.comment())));
    }

    @PostMapping("/api/v1/recurring-transactions/{id}/stop")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    @Operation(summary = "Stop booking it; what was booked stays")
    RecurrenceResponse stop(@PathVariable UUID id) {
        return RecurrenceResponse.of(recurring.stop(id));
    }
}
