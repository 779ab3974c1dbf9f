package app.larder.stock.web;

import app.larder.platform.RuleViolation;
import app.larder.platform.security.CurrentUser;
import app.larder.platform.web.Forms;
import app.larder.platform.web.Paging;
import app.larder.stock.StockQuantities;
import app.larder.stock.WriteOff;
import app.larder.stock.WriteOffLine;
import app.larder.stock.WriteOffs;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stock → Write-offs: the list with its filters and totals, one write-off with what each line cost, and the editor
 * (lines added and removed on the page, by htmx where it runs, by a plain form post where it does not).
 */
@Controller
class WriteOffPages {

    private static final int PAGE_SIZE = 25;
    private static final int NEW_ROWS = 3;
    private static final Pattern LINE_FIELD = Pattern.compile("lines\\[(\\d+)]\\.(\\w+)");

    private final WriteOffs writeOffs;
    private final WriteOffChoices choices;

    WriteOffPages(WriteOffs writeOffs, WriteOffChoices choices) {
        this.writeOffs = writeOffs;
        this.choices = choices;
    }

    /** One row of the editor; everything as typed, read by the controller so nothing is lost to a typo. */
    record LineForm(String ingredientId, String quantity, String unit, String reason, @Size(max = 500) String note) {

        static LineForm blank() {
            return new LineForm("", "", "", "", "");
        }

        boolean isBlank() {
            return (ingredientId == null || ingredientId.isBlank()) && (quantity == null || quantity.isBlank());
        }
    }

    /**
     * The editor. {@code writtenOffAt} as a datetime-local input gives it, in the time zone of the storage's venue;
     * {@code version} the version of the write-off the editor was opened on.
     */
    record WriteOffForm(String writtenOffAt, String storageId, @Size(max = 4000) String comment, Long version,
                        List<LineForm> lines) {

        List<LineForm> rows() {
            return lines == null ? List.of() : lines;
        }

        WriteOffForm withRows(List<LineForm> rows) {
            return new WriteOffForm(writtenOffAt, storageId, comment, version, rows);
        }
    }

    @InitBinder
    void disallowIds(WebDataBinder binder) {
        binder.setDisallowedFields("id", "tenantId");
    }

    @GetMapping("/stock/write-offs")
    String list(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                @RequestParam(required = false) String storageId, @RequestParam(required = false) String status,
                @RequestParam(required = false) String reason, @RequestParam(required = false) String q,
                @RequestParam(required = false) Integer page, @RequestParam(required = false) String sort,
                Model model, CurrentUser me) {
        UUID storage = WriteOffChoices.uuid(storageId);
        WriteOffs.Query query = new WriteOffs.Query(quietly(() -> WriteOffApi.periodStart("from", from,
                me.timezone())), quietly(() -> WriteOffApi.periodEnd("to", to, me.timezone())), storage,
                quietly(() -> WriteOffApi.choice("status", status, WriteOff.Status::valueOf)),
                quietly(() -> WriteOffApi.choice("reason", reason, WriteOffLine.Reason::valueOf)), q);
        PageRequest request;
        try {
            request = Paging.of(page, PAGE_SIZE, sort, WriteOffs.SORTS.keySet(), "writtenOffAt,desc");
        } catch (RuleViolation e) {
            request = Paging.of(0, PAGE_SIZE, null, WriteOffs.SORTS.keySet(), "writtenOffAt,desc");
        }
        WriteOffs.Found found;
        try {
            found = writeOffs.search(query, request);
        } catch (app.larder.platform.NotFoundException e) {
            found = writeOffs.search(new WriteOffs.Query(query.from(), query.to(), null, query.status(),
                    query.reason(), q), request);
        }
        model.addAttribute("found", found);
        model.addAttribute("writeOffs", found.page());
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("storageId", storage);
        model.addAttribute("status", query.status());
        model.addAttribute("reason", query.reason());
        model.addAttribute("q", q);
        model.addAttribute("storages", choices.storages(storage == null ? Set.of() : Set.of(storage)));
        model.addAttribute("statuses", WriteOff.Status.values());
        model.addAttribute("reasons", WriteOffLine.Reason.values());
        model.addAttribute("filtered", query.from() != null || query.to() != null || storage != null
                || query.status() != null || query.reason() != null || (q != null && !q.isBlank()));
        return "stock/write-offs";
    }

    @GetMapping("/stock/write-offs/{id}")
    String show(@PathVariable UUID id, Model model) {
        WriteOffs.View view = writeOffs.view(id);
        model.addAttribute("view", view);
        model.addAttribute("writeOff", view.writeOff());
        model.addAttribute("moment", WriteOffChoices.shown(view.writeOff().getWrittenOffAt(), view.zone()));
        return "stock/write-off";
    }

    @GetMapping("/stock/write-offs/new")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String newWriteOff(@RequestParam(required = false) UUID storageId, Model model, CurrentUser me) {
        List<WriteOffChoices.StorageOption> storages = choices.storages(Set.of());
        UUID storage = storageId != null ? storageId : storages.isEmpty() ? null : storages.get(0).id();
        ZoneId zone = choices.zoneOf(storage, me.timezone());
        List<LineForm> rows = new ArrayList<>();
        for (int i = 0; i < NEW_ROWS; i++) {
            rows.add(LineForm.blank());
        }
        model.addAttribute("form", new WriteOffForm(WriteOffChoices.local(Instant.now(), zone),
                storage == null ? "" : storage.toString(), "", null, rows));
        return editor(null, model);
    }

    @PostMapping("/stock/write-offs/new")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String create(@ModelAttribute("form") WriteOffForm form, BindingResult result,
                  @RequestParam(required = false) String intent, @RequestParam(required = false) Integer removeLine,
                  Model model, RedirectAttributes redirect) {
        if (changesRows(form, intent, removeLine, model)) {
            return editor(null, model);
        }
        Optional<Draft> draft = draft(form, null, result);
        if (draft.isPresent() && !result.hasErrors()) {
            try {
                boolean post = "post".equals(intent);
                WriteOff created = writeOffs.create(draft.get().details(), post);
                redirect.addFlashAttribute("success", post ? "writeOff.posted" : "writeOff.created");
                return "redirect:/stock/write-offs/" + created.getId();
            } catch (RuleViolation e) {
                reject(result, e, draft.get());
            }
        }
        return editor(null, model);
    }

    @GetMapping("/stock/write-offs/{id}/edit")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String edit(@PathVariable UUID id, Model model, RedirectAttributes redirect) {
        WriteOffs.View view = writeOffs.view(id);
        WriteOff w = view.writeOff();
        if (w.getStatus() == WriteOff.Status.CANCELLED) {
            redirect.addFlashAttribute("failure", "writeOff.cancelledReadOnly");
            redirect.addFlashAttribute("failureArgs", new Object[0]);
            return "redirect:/stock/write-offs/" + id;
        }
        List<LineForm> rows = new ArrayList<>();
        for (WriteOffLine line : w.getLines()) {
            rows.add(new LineForm(line.getIngredientId().toString(),
                    StockQuantities.plain(line.getQuantity()).toPlainString(), line.getUnit().name(),
                    line.getReason().name(), line.getNote() == null ? "" : line.getNote()));
        }
        rows.add(LineForm.blank());
        model.addAttribute("form", new WriteOffForm(WriteOffChoices.local(w.getWrittenOffAt(), view.zone()),
                w.getStorageId().toString(), w.getComment() == null ? "" : w.getComment(), w.getVersion(), rows));
        return editor(w, model);
    }

    @PostMapping("/stock/write-offs/{id}/edit")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String update(@PathVariable UUID id, @ModelAttribute("form") WriteOffForm form, BindingResult result,
                  @RequestParam(required = false) String intent, @RequestParam(required = false) Integer removeLine,
                  Model model, RedirectAttributes redirect) {
        WriteOffs.View view = writeOffs.view(id);
        WriteOff w = view.writeOff();
        if (changesRows(form, intent, removeLine, model)) {
            return editor(w, model);
        }
        Optional<Draft> draft = draft(form, keptMoment(form, w, view.zone()), result);
        if (draft.isPresent() && !result.hasErrors()) {
            try {
                boolean post = "post".equals(intent);
                writeOffs.update(id, form.version(), draft.get().details(), post);
                redirect.addFlashAttribute("success", post ? "writeOff.posted" : "writeOff.saved");
                return "redirect:/stock/write-offs/" + id;
            } catch (RuleViolation e) {
                reject(result, e, draft.get());
            } catch (ObjectOptimisticLockingFailureException e) {
                result.reject("error.concurrentEdit", "error.concurrentEdit");
            }
        }
        return editor(w, model);
    }

    @PostMapping("/stock/write-offs/{id}/post")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String post(@PathVariable UUID id, @RequestParam(required = false) Long version, RedirectAttributes redirect) {
        return Forms.flash(redirect, "/stock/write-offs/" + id, () -> writeOffs.post(id, version), "writeOff.posted");
    }

    @PostMapping("/stock/write-offs/{id}/cancel")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String cancel(@PathVariable UUID id, @RequestParam(required = false) Long version, RedirectAttributes redirect) {
        return Forms.flash(redirect, "/stock/write-offs/" + id, () -> writeOffs.cancel(id, version), "writeOff.cancelled");
    }

    /**
     * "Add a line" and "remove line n" change the rows and show the editor again, saving nothing. htmx swaps only
     * the lines in; without it, the whole page comes back.
     */
    private static boolean changesRows(WriteOffForm form, String intent, Integer removeLine, Model model) {
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
        WriteOffForm changed = form.withRows(rows);
        model.addAttribute("form", changed);
        // The page reads the fields through the binding result, so it must be one of the changed form.
        model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "form",
                new org.springframework.validation.BeanPropertyBindingResult(changed, "form"));
        return true;
    }

    /** The editor opened on a write-off keeps its moment to the microsecond when the field was left as shown. */
    private static Instant keptMoment(WriteOffForm form, WriteOff writeOff, ZoneId zone) {
        String shown = WriteOffChoices.local(writeOff.getWrittenOffAt(), zone);
        return form.writtenOffAt() != null && form.writtenOffAt().trim().equals(shown)
                ? writeOff.getWrittenOffAt() : null;
    }

    /** The form as the service takes it, and the form row of each line sent (blank rows are left out). */
    record Draft(WriteOffs.Details details, List<Integer> rows) {
    }

    private static Optional<Draft> draft(WriteOffForm form, Instant kept, BindingResult result) {
        WriteOffApi.Moment moment;
        try {
            moment = kept != null ? new WriteOffApi.Moment(kept, null)
                    : WriteOffApi.moment("writtenOffAt", form.writtenOffAt());
        } catch (RuleViolation e) {
            Forms.reject(result, e);
            return Optional.empty();
        }
        List<WriteOffs.LineInput> lines = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        List<LineForm> all = form.rows();
        for (int i = 0; i < all.size(); i++) {
            LineForm row = all.get(i);
            if (row == null || row.isBlank()) {
                continue;
            }
            BigDecimal quantity = WriteOffChoices.number(row.quantity(), "lines[" + i + "].quantity", result);
            lines.add(new WriteOffs.LineInput(WriteOffChoices.uuid(row.ingredientId()), quantity, row.unit(),
                    row.reason(), row.note()));
            rows.add(i);
        }
        return Optional.of(new Draft(new WriteOffs.Details(moment.instant(), moment.local(),
                WriteOffChoices.uuid(form.storageId()), form.comment(), lines), rows));
    }

    /** Puts a rule the service refused under the row and input it is about. */
    static void reject(BindingResult result, RuleViolation e, List<Integer> rows) {
        Matcher m = e.field() == null ? null : LINE_FIELD.matcher(e.field());
        if (m != null && m.matches() && Integer.parseInt(m.group(1)) < rows.size()) {
            result.rejectValue("lines[" + rows.get(Integer.parseInt(m.group(1))) + "]." + m.group(2),
                    e.messageKey(), e.args(), e.messageKey());
        } else {
            Forms.reject(result, e);
        }
    }

    private static void reject(BindingResult result, RuleViolation e, Draft draft) {
        reject(result, e, draft.rows());
    }

    private String editor(WriteOff writeOff, Model model) {
        WriteOffForm form = (WriteOffForm) model.getAttribute("form");
        Set<UUID> usedStorages = new HashSet<>();
        Set<UUID> usedIngredients = new HashSet<>();
        if (form != null) {
            Optional.ofNullable(WriteOffChoices.uuid(form.storageId())).ifPresent(usedStorages::add);
            form.rows().forEach(r -> {
                if (r != null) {
                    Optional.ofNullable(WriteOffChoices.uuid(r.ingredientId())).ifPresent(usedIngredients::add);
                }
            });
        }
        model.addAttribute("writeOff", writeOff);
        model.addAttribute("storages", choices.storages(usedStorages));
        model.addAttribute("ingredients", choices.ingredients(usedIngredients));
        model.addAttribute("units", WriteOffChoices.UNITS);
        model.addAttribute("reasons", WriteOffLine.Reason.values());
        return "stock/write-off-edit";
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
