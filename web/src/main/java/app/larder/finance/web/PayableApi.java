package app.larder.finance.web;

import app.larder.finance.FinanceTransactions;
import app.larder.finance.SupplierPayables;
import app.larder.platform.web.Decimals;
import app.larder.stock.SupplyPayables;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** What is owed to suppliers, by supply and by supplier with age buckets; paying a supply in full or in part. */
@RestController
@Tag(name = "Finance: supplier payables")
class PayableApi {

    private final SupplierPayables payables;
    private final FinanceTransactions transactions;

    PayableApi(SupplierPayables payables, FinanceTransactions transactions) {
        this.payables = payables;
        this.transactions = transactions;
    }

    record PaymentRequest(@NotNull UUID accountId, @NotNull BigDecimal amount, Instant occurredAt, LocalDate date,
                          @Size(max = 1000) String comment) {
    }

    record SupplyOwed(UUID supplyId, UUID supplierId, String supplierName, String invoiceNumber, Instant suppliedAt,
                      UUID venueId, String total, String paid, String owed, long ageDays, int bucket) {
        static SupplyOwed of(SupplyPayables.Payable p, long age, int bucket) {
            return new SupplyOwed(p.supplyId(), p.supplierId(), p.supplierName(), p.invoiceNumber(), p.suppliedAt(),
                    p.venueId(), Decimals.plain(p.total()), Decimals.plain(p.paid()), Decimals.plain(p.owed()), age,
                    bucket);
        }
    }

    /** {@code buckets}: owed up to 30 days, 31–60, 61–90, over 90. */
    record SupplierOwed(UUID supplierId, String supplierName, String total, List<String> buckets, int supplies) {
    }

    record PayablesResponse(LocalDate today, String total, List<String> buckets, List<SupplierOwed> suppliers,
                            List<SupplyOwed> supplies) {
    }

    /** The supply as the payment left it, and the expense booked for it. */
    record PaidSupply(UUID supplyId, String total, String paid, String owed) {
    }

    record PaymentResponse(PaidSupply supply, TransactionApi.TransactionResponse transaction) {
    }

    @GetMapping("/api/v1/payables")
    @Operation(summary = "Posted supplies not paid in full, oldest first, and what each supplier is owed by age")
    PayablesResponse list(@RequestParam(required = false) UUID supplierId,
                          @RequestParam(required = false) UUID venueId) {
        SupplierPayables.Report r = payables.owed(supplierId, venueId);
        return new PayablesResponse(r.today(), Decimals.plain(r.total()), r.buckets().stream().map(Decimals::plain)
                .toList(), r.suppliers().stream().map(s -> new SupplierOwed(s.supplierId(), s.supplierName(),
                Decimals.plain(s.total()), s.buckets().stream().map(Decimals::plain).toList(), s.supplies())).toList(),
                r.supplies().stream().map(o -> SupplyOwed.of(o.supply(), o.ageDays(), o.bucket())).toList());
    }

    @GetMapping("/api/v1/payables/{supplyId}")
    @Operation(summary = "What a supply owes, and its payments")
    List<TransactionApi.TransactionResponse> payments(@PathVariable UUID supplyId) {
        payables.supply(supplyId);
        return transactions.ofSupply(supplyId).stream().map(TransactionApi.TransactionResponse::of).toList();
    }

    @PostMapping("/api/v1/payables/{supplyId}/payments")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    @Operation(summary = "Pay a supply in full or in part from an account; more than is owed is refused (422)")
    PaymentResponse pay(@PathVariable UUID supplyId, @Valid @RequestBody PaymentRequest request) {
        FinanceTransactions.Movement paid = payables.pay(supplyId, request.accountId(), request.amount(),
                request.occurredAt(), request.date(), request.comment());
        SupplyPayables.Payable supply = payables.supply(supplyId);
        return new PaymentResponse(new PaidSupply(supply.supplyId(), Decimals.plain(supply.total()),
                Decimals.plain(supply.paid()), Decimals.plain(supply.owed())),
                TransactionApi.TransactionResponse.of(paid));
    }
}
