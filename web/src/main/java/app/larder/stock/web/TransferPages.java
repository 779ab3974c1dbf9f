package app.larder.stock.web;

import app.larder.platform.RuleViolation;
import app.larder.platform.security.CurrentUser;
import app.larder.platform.web.Forms;
import app.larder.platform.web.Paging;
import app.larder.stock.StockQuantities;
import app.larder.stock.Transfer;
import app.larder.stock.TransferLine;
import app.larder.stock.Transfers;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.PageRequest;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Stock → Transfers: the list with its filters and totals, one transfer with the value each line moved, and the
 * editor (lines added and removed as on the write-off editor).
 */
@Controller
class TransferPages {

    private static final int PAGE_SIZE = 25;
    private static final int NEW_ROWS = 3;

    private final Transfers transfers;
    private final WriteOffChoices choices;

    TransferPages(Transfers transfers, WriteOffChoices choices) {
        this.transfers = transfers;
        this.choices = choices;
    }

    /** One row of the editor; everything as typed, read by the controller so nothing is lost to a typo. */
    record LineForm(String ingredientId, String quantity, String unit) {

        static LineForm blank() {
            return new LineForm("", "", "");
        }

        boolean isBlank() {
            return (ingredientId == null || ingredientId.isBlank()) && (quantity == null || quantity.isBlank());
        }
    }

    /**
     * The editor. {@code transferredAt} as a datetime-local input gives it, in the time zone of the sender's venue;
     * {@code version} the version of the transfer the editor was opened on.
     */
    record TransferForm(String transferredAt, String fromStorageId, String toStorageId,
                        @Size(max = 4000) String comment, Long version, List<LineForm> lines) {

        List<LineForm> rows() {
            return lines == null ? List.of() : lines;
        }

        TransferForm withRows(List<LineForm> rows) {
            return new TransferForm(transferredAt, fromStorageId, toStorageId, comment, version, rows);
        }
    }

    @InitBinder
    void disallowIds(WebDataBinder binder) {
        binder.setDisallowedFields("id", "tenantId");
    }

    @GetMapping("/stock/transfers")
    String list(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                @RequestParam(required = false) String storageId, @RequestParam(required = false) String status,
                @RequestParam(required = false) String q,
                @RequestParam(required = false) Integer page, @RequestParam(required = false) String sort,
                Model model, CurrentUser me) {
        UUID storage = WriteOffChoices.uuid(storageId);
        Transfers.Query query = new Transfers.Query(quietly(() -> WriteOffApi.periodStart("from", from,
                me.timezone())), quietly(() -> WriteOffApi.periodEnd("to", to, me.timezone())), storage,
                quietly(() -> WriteOffApi.choice("status", status, Transfer.Status::valueOf)), q);
        PageRequest request;
        try {
            request = Paging.of(page, PAGE_SIZE, sort, Transfers.SORTS.keySet(), "transferredAt,desc");
        } catch (RuleViolation e) {
            request = Paging.of(0, PAGE_SIZE, null, Transfers.SORTS.keySet(), "transferredAt,desc");
        }
        Transfers.Found found;
        try {
            found = transfers.search(query, request);
        } catch (app.larder.platform.NotFoundException e) {
            found = transfers.search(new Transfers.Query(query.from(), query.to(), null, query.status(), q),
                    request);
        }
        model.addAttribute("found", found);
        model.addAttribute("transfers", found.page());
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("storageId", storage);
        model.addAttribute("status", query.status());
        model.addAttribute("q", q);
        model.addAttribute("storages", choices.storages(storage == null ? Set.of() : Set.of(storage)));
        model.addAttribute("statuses", Transfer.Status.values());
        model.addAttribute("filtered", query.from() != null || query.to() != null || storage != null
                || query.status() != null || (q != null && !q.isBlank()));
        return "stock/transfers";
    }

    @GetMapping("/stock/transfers/{id}")
    String show(@PathVariable UUID id, Model model) {
        Transfers.View view = transfers.view(id);
        model.addAttribute("view", view);
        model.addAttribute("transfer", view.transfer());
        model.addAttribute("moment", WriteOffChoices.shown(view.transfer().getTransferredAt(), view.zone()));
        return "stock/transfer";
    }

    @GetMapping("/stock/transfers/new")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String newTransfer(@RequestParam(required = false) UUID fromStorageId, Model model, CurrentUser me) {
        List<WriteOffChoices.StorageOption> storages = choices.storages(Set.of());
        UUID storage = fromStorageId != null ? fromStorageId : storages.isEmpty() ? null : storages.get(0).id();
        ZoneId zone = choices.zoneOf(storage, me.timezone());
        List<LineForm> rows = new ArrayList<>();
        for (int i = 0; i < NEW_ROWS; i++) {
            rows.add(LineForm.blank());
        }
        model.addAttribute("form", new TransferForm(WriteOffChoices.local(Instant.now(), zone),
                storage == null ? "" : storage.toString(), "", "", null, rows));
        return editor(null, model);
    }

    @PostMapping("/stock/transfers/new")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String create(@ModelAttribute("form") TransferForm form, BindingResult result,
                  @RequestParam(required = false) String intent, @RequestParam(required = false) Integer removeLine,
                  Model model, RedirectAttributes redirect) {
        if (changesRows(form, intent, removeLine, model)) {
            return editor(null, model);
        }
        Optional<Draft> draft = draft(form, null, result);
        if (draft.isPresent() && !result.hasErrors()) {
            try {
                boolean post = "post".equals(intent);
                Transfer created = transfers.create(draft.get().details(), post);
                redirect.addFlashAttribute("success", post ? "transfer.posted" : "transfer.created");
                return "redirect:/stock/transfers/" + created.getId();
            } catch (RuleViolation e) {
                reject(result, e, draft.get());
            }
        }
        return editor(null, model);
    }

    @GetMapping("/stock/transfers/{id}/edit")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String edit(@PathVariable UUID id, Model model, RedirectAttributes redirect) {
        Transfers.View view = transfers.view(id);
        Transfer w = view.transfer();
        if (w.getStatus() == Transfer.Status.CANCELLED) {
            redirect.addFlashAttribute("failure", "transfer.cancelledReadOnly");
            redirect.addFlashAttribute("failureArgs", new Object[0]);
            return "redirect:/stock/transfers/" + id;
        }
        List<LineForm> rows = new ArrayList<>();
        for (TransferLine line : w.getLines()) {
            rows.add(new LineForm(line.getIngredientId().toString(),
                    StockQuantities.plain(line.getQuantity()).toPlainString(), line.getUnit().name()));
        }
        rows.add(LineForm.blank());
        model.addAttribute("form", new TransferForm(WriteOffChoices.local(w.getTransferredAt(), view.zone()),
                w.getFromStorageId().toString(), w.getToStorageId().toString(), w.getComment() == null ? "" : w.getComment(), w.getVersion(), rows));
        return editor(w, model);
    }

    @PostMapping("/stock/transfers/{id}/edit")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String update(@PathVariable UUID id, @ModelAttribute("form") TransferForm form, BindingResult result,
                  @RequestParam(required = false) String intent, @RequestParam(required = false) Integer removeLine,
                  Model model, RedirectAttributes redirect) {
        Transfers.View view = transfers.view(id);
        Transfer w = view.transfer();
        if (changesRows(form, intent, removeLine, model)) {
            return editor(w, model);
        }
        Optional<Draft> draft = draft(form, keptMoment(form, w, view.zone()), result);
        if (draft.isPresent() && !result.hasErrors()) {
            try {
                boolean post = "post".equals(intent);
                transfers.update(id, form.version(), draft.get().details(), post);
                redirect.addFlashAttribute("success", post ? "transfer.posted" : "transfer.saved");
                return "redirect:/stock/transfers/" + id;
            } catch (RuleViolation e) {
                reject(result, e, draft.get());
            } catch (ObjectOptimisticLockingFailureException e) {
                result.reject("error.concurrentEdit", "error.concurrentEdit");
            }
        }
        return editor(w, model);
    }

    @PostMapping("/stock/transfers/{id}/post")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String post(@PathVariable UUID id, @RequestParam(required = false) Long version, RedirectAttributes redirect) {
        return Forms.flash(redirect, "/stock/transfers/" + id, () -> transfers.post(id, version), "transfer.posted");
    }

    @PostMapping("/stock/transfers/{id}/cancel")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String cancel(@PathVariable UUID id, @RequestParam(required = false) Long version, RedirectAttributes redirect) {
        return Forms.flash(redirect, "/stock/transfers/" + id, () -> transfers.cancel(id, version), "transfer.cancelled");
    }

    /**
     * "Add a line" and "remove line n" change the rows and show the editor again, saving nothing. htmx swaps only
     * the lines in; without it, the whole page comes back.
     */
    private static boolean changesRows(TransferForm form, String intent, Integer removeLine, Model model) {
        List<LineForm> rows = new ArrayList<>();
        form.rows().forEach(r -> rows.add(r == null ? LineForm.blank() : r));
        if ("addLine".equals(intent)) {
            rows.add(LineForm.blank());
        } else if (removeLine != null && removeLine >= 0 && removeLine < rows.size()) {
            rows.remove((int) removeLine);
            if (rows.isEmpty()) {
                rows.add(LineForm.blank());
            }
        } else {
            return false;
        }
        TransferForm changed = form.withRows(rows);
        model.addAttribute("form", changed);
        // The page reads the fields through the binding result, so it must be one of the changed form.
        model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "form",
                new org.springframework.validation.BeanPropertyBindingResult(changed, "form"));
        return true;
    }

    /** The editor opened on a write-off keeps its moment to the microsecond when the field was left as shown. */
    private static Instant keptMoment(TransferForm form, Transfer transfer, ZoneId zone) {
        String shown = WriteOffChoices.local(transfer.getTransferredAt(), zone);
        return form.transferredAt() != null && form.transferredAt().trim().equals(shown)
                ? transfer.getTransferredAt() : null;
    }

    /** The form as the service takes it, and the form row of each line sent (blank rows are left out). */
    record Draft(Transfers.Details details, List<Integer> rows) {
    }

    private static Optional<Draft> draft(TransferForm form, Instant kept, BindingResult result) {
        WriteOffApi.Moment moment;
        try {
            moment = kept != null ? new WriteOffApi.Moment(kept, null)
                    : WriteOffApi.moment("transferredAt", form.transferredAt());
        } catch (RuleViolation e) {
            Forms.reject(result, e);
            return Optional.empty();
        }
        List<Transfers.LineInput> lines = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        List<LineForm> all = form.rows();
        for (int i = 0; i < all.size(); i++) {
            LineForm row = all.get(i);
            if (row == null || row.isBlank()) {
                continue;
            }
            BigDecimal quantity = WriteOffChoices.number(row.quantity(), "lines[" + i + "].quantity", result);
            lines.add(new Transfers.LineInput(WriteOffChoices.uuid(row.ingredientId()), quantity, row.unit()));
            rows.add(i);
        }
        return Optional.of(new Draft(new Transfers.Details(moment.instant(), moment.local(),
                WriteOffChoices.uuid(form.fromStorageId()), WriteOffChoices.uuid(form.toStorageId()), form.comment(),
                lines), rows));
    }

    private static void reject(BindingResult result, RuleViolation e, Draft draft) {
        WriteOffPages.reject(result, e, draft.rows());
    }

    private String editor(Transfer transfer, Model model) {
        TransferForm form = (TransferForm) model.getAttribute("form");
        Set<UUID> usedStorages = new HashSet<>();
        Set<UUID> usedIngredients = new HashSet<>();
        if (form != null) {
            Optional.ofNullable(WriteOffChoices.uuid(form.fromStorageId())).ifPresent(usedStorages::add);
            Optional.ofNullable(WriteOffChoices.uuid(form.toStorageId())).ifPresent(usedStorages::add);
            form.rows().forEach(r -> {
                if (r != null) {
                    Optional.ofNullable(WriteOffChoices.uuid(r.ingredientId())).ifPresent(usedIngredients::add);
                }
            });
        }
        model.addAttribute("transfer", transfer);
        model.addAttribute("storages", choices.storages(usedStorages));
        model.addAttribute("ingredients", choices.ingredients(usedIngredients));
        model.addAttribute("units", WriteOffChoices.UNITS);
        return "stock/transfer-edit";
    }

    private static <T> T quietly(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (RuleViolation e) {
            // A filter that cannot be read filters nothing, rather than failing the page.
            return null;
        }
    }
}
