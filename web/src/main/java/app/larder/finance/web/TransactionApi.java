package app.larder.finance.web;

import app.larder.finance.FinanceTransactions;
import app.larder.finance.FinanceTransactions.Kind;
import app.larder.finance.FinanceTransactions.Movement;
import app.larder.finance.FinanceTransactions.Source;
import app.larder.platform.web.Decimals;
import app.larder.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Transactions: incomes, expenses and transfers, append-only. A change is a correction (the old rows reversed, new
 * ones booked), a cancellation reverses. Owners and accountants write; managers read.
 */
@RestController
@Tag(name = "Finance: transactions")
class TransactionApi {

    private final FinanceTransactions transactions;

    TransactionApi(FinanceTransactions transactions) {
        this.transactions = transactions;
    }

    /** An income or expense: {@code amount} positive; {@code occurredAt}, or {@code date} (start of the day). */
    record EntryRequest(@NotNull Kind kind, @NotNull UUID accountId, Instant occurredAt, LocalDate date,
                        @NotNull BigDecimal amount, @NotNull UUID categoryId, UUID venueId,
                        @Size(max = 200) String counterparty, @Size(max = 1000) String comment) {
        FinanceTransactions.Entry entry() {
            return new FinanceTransactions.Entry(kind, accountId, occurredAt, date, amount, categoryId, venueId,
                    counterparty, comment);
        }
    }

    record TransferRequest(@NotNull UUID fromAccountId, @NotNull UUID toAccountId, Instant occurredAt,
                           LocalDate date, @NotNull BigDecimal amount, @Size(max = 1000) String comment) {
        FinanceTransactions.TransferInput input() {
            return new FinanceTransactions.TransferInput(fromAccountId, toAccountId, occurredAt, date, amount,
                    comment);
        }
    }

    /** One row: {@code amount} signed (+ into the account, − out of it); {@code balance} in an account's list. */
    record TransactionResponse(UUID id, UUID accountId, String accountName, Kind kind, Instant occurredAt,
                               String amount, UUID categoryId, String categoryName, UUID venueId,
                               String counterparty, String comment, UUID transferId, UUID reversesId,
                               Source source, UUID sourceId, UUID supplyId, boolean reversed, String balance,
                               Instant createdAt) {
        static TransactionResponse of(Movement m) {
            return new TransactionResponse(m.id(), m.accountId(), m.accountName(), m.kind(), m.occurredAt(),
                    Decimals.plain(m.amount()), m.categoryId(), m.categoryName(), m.venueId(), m.counterparty(),
                    m.comment(), m.transferId(), m.reversesId(), m.source(), m.sourceId(), m.supplyId(),
                    m.reversed(), Decimals.plain(m.balance()), m.createdAt());
        }
    }

    record TotalsResponse(long count, String income, String expense, String transfers, String net) {
    }

    record TransactionPage(List<TransactionResponse> items, int page, int size, long totalItems, int totalPages,
                           TotalsResponse totals) {
    }

    @GetMapping("/api/v1/transactions")
    @Operation(summary = "Transactions by period (whole days, in the venue's or business's time zone), account, "
            + "venue, category, kind, source or text, with totals over everything found")
    TransactionPage list(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                         @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                         @RequestParam(required = false) UUID accountId, @RequestParam(required = false) UUID venueId,
                         @RequestParam(required = false) UUID categoryId, @RequestParam(required = false) Kind kind,
                         @RequestParam(required = false) Source source, @RequestParam(required = false) String q,
                         @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
                         @RequestParam(required = false) String sort) {
        FinanceTransactions.Found found = transactions.search(new FinanceTransactions.Query(from, to, accountId,
                venueId, categoryId, kind, source, q), Paging.of(page, size, sort, FinanceTransactions.SORTS,
                "occurredAt,desc"));
        FinanceTransactions.Totals t = found.totals();
        return new TransactionPage(found.page().getContent().stream().map(TransactionResponse::of).toList(),
                found.page().getNumber(), found.page().getSize(), found.page().getTotalElements(),
                found.page().getTotalPages(), new TotalsResponse(t.count(), Decimals.plain(t.income()),
                Decimals.plain(t.expense()), Decimals.plain(t.transfers()), Decimals.plain(t.net())));
    }

    @GetMapping("/api/v1/transactions/{id}")
    TransactionResponse get(@PathVariable UUID id) {
        return TransactionResponse.of(transactions.find(id));
    }

    @PostMapping("/api/v1/transactions")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    @Operation(summary = "Book an income or an expense")
    List<TransactionResponse> create(@Valid @RequestBody EntryRequest request) {
        return transactions.record(request.entry()).stream().map(TransactionResponse::of).toList();
    }

    @PostMapping("/api/v1/transactions/transfers")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    @Operation(summary = "Move money between two accounts: two rows, out and in, that sum to zero")
    List<TransactionResponse> transfer(@Valid @RequestBody TransferRequest request) {
        return transactions.transfer(request.input()).stream().map(TransactionResponse::of).toList();
    }

    @PutMapping("/api/v1/transactions/{id}")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    @Operation(summary = "Correct an income or expense: its reversal and the new row are returned")
    List<TransactionResponse> correct(@PathVariable UUID id, @Valid @RequestBody EntryRequest request) {
        return transactions.correct(id, request.entry()).stream().map(TransactionResponse::of).toList();
    }

    @PutMapping("/api/v1/transactions/transfers/{id}")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    @Operation(summary = "Correct a transfer (by the id of either leg): both legs reversed, the new transfer booked")
    List<TransactionResponse> correctTransfer(@PathVariable UUID id, @Valid @RequestBody TransferRequest request) {
        return transactions.correctTransfer(id, request.input()).stream().map(TransactionResponse::of).toList();
    }

    @PostMapping("/api/v1/transactions/{id}/cancel")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    @Operation(summary = "Cancel a transaction (both legs of a transfer) by reversing rows; returns the reversals")
    List<TransactionResponse> cancel(@PathVariable UUID id) {
        return transactions.cancel(id).stream().map(TransactionResponse::of).toList();
    }
}
