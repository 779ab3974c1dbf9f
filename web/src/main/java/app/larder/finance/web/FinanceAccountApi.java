package app.larder.finance.web;

import app.larder.finance.FinanceAccount;
import app.larder.finance.FinanceAccounts;
import app.larder.finance.FinanceTransactions;
import app.larder.platform.web.Decimals;
import app.larder.platform.web.Paging;
import app.larder.platform.web.Paging.PageOf;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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
import java.util.Set;
import java.util.UUID;

/**
 * Accounts: cash desks, safes, bank accounts, acquiring, each with its balance now (or at {@code at}). Owners and
 * accountants edit; managers read; a user limited to venues sees those venues' accounts only.
 */
@RestController
@Tag(name = "Finance: accounts")
class FinanceAccountApi {

    static final Set<String> SORTS = Set.of("name", "kind", "createdAt", "openingDate");

    private final FinanceAccounts accounts;
    private final FinanceTransactions transactions;

    FinanceAccountApi(FinanceAccounts accounts, FinanceTransactions transactions) {
        this.accounts = accounts;
        this.transactions = transactions;
    }

    /** {@code posDefault}: omitted on a change keeps it; which account receives POS money is fixed once chosen. */
    record AccountRequest(@NotBlank @Size(max = 200) String name, @NotNull FinanceAccount.Kind kind, UUID venueId,
                          BigDecimal openingBalance, @NotNull LocalDate openingDate, Boolean posDefault,
                          Long version) {
        FinanceAccounts.AccountDetails details() {
            return new FinanceAccounts.AccountDetails(name, kind, venueId, openingBalance, openingDate, posDefault);
        }
    }

    /** {@code balance}: opening balance + every transaction before {@code balanceAt}. */
    record AccountResponse(UUID id, long version, String name, FinanceAccount.Kind kind, UUID venueId,
                           String openingBalance, LocalDate openingDate, boolean posDefault, boolean archived,
                           String balance, Instant balanceAt) {
        static AccountResponse of(FinanceAccount a, BigDecimal balance, Instant at) {
            return new AccountResponse(a.getId(), a.getVersion() == null ? 0 : a.getVersion(), a.getName(),
                    a.getKind(), a.getVenueId(), Decimals.plain(a.getOpeningBalance()), a.getOpeningDate(),
                    a.isPosDefault(), a.isArchived(), Decimals.plain(balance), at);
        }
    }

    @GetMapping("/api/v1/accounts")
    @Operation(summary = "Accounts with their balances at a moment (now by default), searched by name")
    PageOf<AccountResponse> list(@RequestParam(required = false) String q,
                                 @RequestParam(required = false) UUID venueId,
                                 @RequestParam(required = false) FinanceAccount.Kind kind,
                                 @RequestParam(defaultValue = "false") boolean includeArchived,
                                 @RequestParam(required = false) Instant at,
                                 @RequestParam(required = false) Integer page,
                                 @RequestParam(required = false) Integer size,
                                 @RequestParam(required = false) String sort) {
        Instant moment = at != null ? at : Instant.now();
        var found = accounts.search(new FinanceAccounts.AccountQuery(q, venueId, kind, includeArchived),
                Paging.of(page, size, sort, SORTS, "name"));
        var balances = accounts.balances(found.getContent(), moment);
        return PageOf.of(found, a -> AccountResponse.of(a, balances.get(a.getId()), moment));
    }

    @GetMapping("/api/v1/accounts/{id}")
    @Operation(summary = "An account with its balance at a moment (now by default): everything booked before it")
    AccountResponse get(@PathVariable UUID id, @RequestParam(required = false) Instant at) {
        return full(id, at);
    }

    @GetMapping("/api/v1/accounts/{id}/transactions")
    @Operation(summary = "An account's transactions between two moments, newest first, each with the balance after it")
    PageOf<TransactionApi.TransactionResponse> movements(@PathVariable UUID id,
                                                        @RequestParam(required = false) Instant from,
                                                        @RequestParam(required = false) Instant to,
                                                        @RequestParam(required = false) Integer page,
                                                        @RequestParam(required = false) Integer size) {
        return PageOf.of(transactions.ofAccount(id, from != null ? from : Instant.EPOCH,
                        to != null ? to : Instant.parse("9999-01-01T00:00:00Z"),
                        Paging.of(page, size, null, Set.of("occurredAt"), "occurredAt")),
                TransactionApi.TransactionResponse::of);
    }

    @PostMapping("/api/v1/accounts")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    @Operation(summary = "Open an account; posDefault makes it the one its venue's POS cash or cards are booked into")
    AccountResponse create(@Valid @RequestBody AccountRequest request) {
        return full(accounts.create(request.details()).getId(), null);
    }

    @PutMapping("/api/v1/accounts/{id}")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    @Operation(summary = "Change an account; send the version you edited to be told (409) of a change in between")
    AccountResponse change(@PathVariable UUID id, @Valid @RequestBody AccountRequest request) {
        accounts.change(id, request.version(), request.details());
        return full(id, null);
    }

    @PostMapping("/api/v1/accounts/{id}/archive")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    AccountResponse archive(@PathVariable UUID id) {
        accounts.archive(id);
        return full(id, null);
    }

    @PostMapping("/api/v1/accounts/{id}/restore")
    @PreAuthorize("hasAnyRole('OWNER', 'ACCOUNTANT')")
    AccountResponse restore(@PathVariable UUID id) {
        accounts.restore(id);
        return full(id, null);
    }

    private AccountResponse full(UUID id, Instant at) {
        Instant moment = at != null ? at : Instant.now();
        return AccountResponse.of(accounts.get(id), accounts.balance(id, moment), moment);
    }
}
