package app.larder.stock.web;

import app.larder.business.Storage;
import app.larder.business.Storages;
import app.larder.platform.RuleViolation;
import app.larder.platform.security.CurrentUser;
import app.larder.platform.web.Forms;
import app.larder.platform.web.Paging;
import app.larder.shared.Money;
import app.larder.stock.Ingredient;
import app.larder.stock.Ingredients;
import app.larder.stock.Supplier;
import app.larder.stock.Suppliers;
import app.larder.stock.Supplies;
import app.larder.stock.Supply;
import app.larder.stock.SupplyLine;
import app.larder.stock.SupplySettingsService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.format.annotation.DateTimeFormat;
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
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stock → Supplies: the list with filters and totals, the editor (lines added and removed by plain form buttons,
 * the total priced live with htmx), and a supply's read-only page with its post and cancel buttons.
 */
@Controller
class SupplyPages {

    static final Set<String> SORTS = Set.of("suppliedAt", "invoiceNumber", "total", "status");
    static final List<String> UNITS = List.of("kg", "g", "l", "ml", "pcs", "purchase");
    private static final int PAGE_SIZE = 25;
    private static final int BLANK_ROWS = 3;
    private static final Pattern LINE_FIELD = Pattern.compile("lines\\[(\\d+)]\\.(\\w+)");

    private final Supplies supplies;
    private final Suppliers suppliers;
    private final Storages storages;
    private final Ingredients ingredients;
    private final SupplySettingsService settings;
    private final MessageSource messages;

    SupplyPages(Supplies supplies, Suppliers suppliers, Storages storages, Ingredients ingredients,
                SupplySettingsService settings, MessageSource messages) {
        this.supplies = supplies;
        this.suppliers = suppliers;
        this.storages = storages;
        this.ingredients = ingredients;
        this.settings = settings;
        this.messages = messages;
    }

    /**
     * One row of the editor. {@code unit} one of {@link #UNITS}; {@code amount} is the price per that unit, or the
     * line's total when {@code pricedBy} is TOTAL; {@code vatRate} in percent, included.
     */
    record LineForm(UUID ingredientId, BigDecimal quantity, String unit, BigDecimal amount, String pricedBy,
                    BigDecimal vatRate) {

        static LineForm blank() {
            return new LineForm(null, null, "kg", null, "PRICE", null);
        }

        boolean isBlank() {
            return ingredientId == null && quantity == null && amount == null;
        }
    }

    /**
     * The editor. {@code suppliedAt} as a datetime-local input gives it, in the time zone of the storage's venue;
     * {@code paid} means paid in full unless {@code amountPaid} says how much; {@code version} is the one edited.
     */
    record SupplyForm(String suppliedAt, UUID storageId, UUID supplierId, @Size(max = 100) String invoiceNumber,
                      @Size(max = 4000) String comment, Boolean paid, BigDecimal amountPaid, Long version,
                      List<LineForm> lines) {

        List<LineForm> rows() {
            return lines == null ? List.of() : lines;
        }

        SupplyForm withRows(List<LineForm> rows) {
            return new SupplyForm(suppliedAt, storageId, supplierId, invoiceNumber, comment, paid, amountPaid,
                    version, rows);
        }
    }

    record SettingsForm(BigDecimal priceDeviationThreshold) {
    }

    /** A row of the list, with names and money in the business's currency. */
    record Row(Supply supply, String storageName, String supplierName, Money total, Money payable) {
    }

    record Totals(long count, Money total, Money vat, Money paid, Money payable) {
    }

    /** A line of the read-only page, money in the business's currency. */
    record LineRow(Supplies.LineView view, String unitName, Money price, Money total, Money vat,
                   Money pricePerStockUnit, Money lastPrice) {
    }

    /** The form's lines as the service takes them, and the form row of each. */
    private record Draft(Supplies.SupplyInput input, List<Integer> rows) {
    }

    @InitBinder
    void disallowIds(WebDataBinder binder) {
        binder.setDisallowedFields("id", "tenantId");
    }

    @GetMapping("/stock/supplies")
    String list(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                @RequestParam(required = false) UUID storageId, @RequestParam(required = false) UUID supplierId,
                @RequestParam(required = false) String status, @RequestParam(required = false) Boolean paid,
                @RequestParam(required = false) String q, @RequestParam(required = false) Integer page,
                @RequestParam(required = false) String sort, Model model, CurrentUser me) {
        Supplies.SupplyQuery query;
        try {
            query = SupplyApi.query(from, to, storageId, supplierId, status, paid, q, me.timezone());
        } catch (RuleViolation e) {
            query = SupplyApi.query(from, to, storageId, supplierId, null, paid, q, me.timezone());
        }
        PageRequest request;
        try {
            request = Paging.of(page, PAGE_SIZE, sort, SORTS, "suppliedAt,desc");
        } catch (RuleViolation e) {
            request = Paging.of(0, PAGE_SIZE, null, SORTS, "suppliedAt,desc");
        }
        Map<UUID, String> storageNames = storageNames();
        Map<UUID, String> supplierNames = new HashMap<>();
        List<Supplier> allSuppliers = suppliers.all();
        allSuppliers.forEach(s -> supplierNames.put(s.getId(), s.getName()));
        Page<Row> found = supplies.search(query, request).map(s -> new Row(s,
                storageNames.getOrDefault(s.getStorageId(), ""), supplierNames.getOrDefault(s.getSupplierId(), ""),
                money(s.getTotal(), me), money(s.getPayable(), me)));
        Supplies.Totals totals = supplies.totals(query);
        model.addAttribute("supplies", found);
        model.addAttribute("totals", new Totals(totals.count(), money(totals.total(), me), money(totals.vat(), me),
                money(totals.paid(), me), money(totals.payable(), me)));
        model.addAttribute("storageOptions", storageNames);
        model.addAttribute("supplierOptions", allSuppliers);
        model.addAttribute("statuses", Supply.Status.values());
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("storageId", storageId);
        model.addAttribute("supplierId", supplierId);
        model.addAttribute("status", query.status());
        model.addAttribute("paid", paid);
        model.addAttribute("q", q);
        model.addAttribute("filtered", from != null || to != null || storageId != null || supplierId != null
                || query.status() != null || paid != null || (q != null && !q.isBlank()));
        if (!model.containsAttribute("settingsForm")) {
            model.addAttribute("settingsForm", new SettingsForm(plain(settings.priceDeviationThreshold())));
        }
        return "stock/supplies";
    }

    @PostMapping("/stock/supplies/settings")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String changeSettings(@ModelAttribute("settingsForm") SettingsForm form, BindingResult result,
                          RedirectAttributes redirect) {
        if (result.hasErrors()) {
            redirect.addFlashAttribute("failure", "supply.thresholdRange");
            redirect.addFlashAttribute("failureArgs", new Object[0]);
            return "redirect:/stock/supplies";
        }
        return Forms.flash(redirect, "/stock/supplies",
                () -> settings.setPriceDeviationThreshold(form.priceDeviationThreshold()), "supply.settingsSaved");
    }

    @GetMapping("/stock/supplies/new")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String newSupply(@RequestParam(required = false) UUID supplierId, Model model) {
        List<Storage> active = activeStorages();
        UUID storage = active.isEmpty() ? null : active.get(0).getId();
        ZoneId zone = storage == null ? ZoneId.of("UTC") : supplies.zoneOf(storage);
        List<LineForm> rows = new ArrayList<>();
        for (int i = 0; i < BLANK_ROWS; i++) {
            rows.add(LineForm.blank());
        }
        SupplyForm form = new SupplyForm(LocalDateTime.now(zone).truncatedTo(ChronoUnit.MINUTES).toString(), storage,
                supplierId, "", "", false, null, null, rows);
        model.addAttribute("form", form);
        return editor(null, form, model);
    }

    @PostMapping("/stock/supplies/new")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String create(@Valid @ModelAttribute("form") SupplyForm form, BindingResult result,
                  @RequestParam(defaultValue = "save") String action, Model model, RedirectAttributes redirect) {
        return submit(null, form, result, action, model, redirect);
    }

    @GetMapping("/stock/supplies/{id}")
    String show(@PathVariable UUID id, Model model, CurrentUser me) {
        Supplies.SupplyView view = supplies.get(id);
        model.addAttribute("view", view);
        model.addAttribute("supply", view.supply());
        model.addAttribute("lines", view.lines().stream().map(l -> lineRow(l, me)).toList());
        Supply s = view.supply();
        model.addAttribute("total", money(s.getTotal(), me));
        model.addAttribute("vatTotal", money(s.getVatTotal(), me));
        model.addAttribute("amountPaid", money(s.getAmountPaid(), me));
        model.addAttribute("payable", money(s.getPayable(), me));
        model.addAttribute("deviations", view.lines().stream().filter(Supplies.LineView::deviates).count());
        return "stock/supply";
    }

    @GetMapping("/stock/supplies/{id}/edit")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String edit(@PathVariable UUID id, Model model, RedirectAttributes redirect) {
        Supplies.SupplyView view = supplies.get(id);
        Supply s = view.supply();
        if (s.getStatus() == Supply.Status.CANCELLED) {
            redirect.addFlashAttribute("failure", "supply.cancelledReadOnly");
            redirect.addFlashAttribute("failureArgs", new Object[0]);
            return "redirect:/stock/supplies/" + id;
        }
        List<LineForm> rows = new ArrayList<>();
        for (SupplyLine l : s.getLines()) {
            boolean byPrice = l.getPricedBy() == SupplyLine.PricedBy.PRICE;
            rows.add(new LineForm(l.getIngredientId(), plain(l.getQuantity()), l.getUnit().symbol(),
                    plain(byPrice ? l.getPrice() : l.getTotal()), l.getPricedBy().name(), plain(l.getVatRate())));
        }
        rows.add(LineForm.blank());
        boolean paidInFull = s.isPaid();
        SupplyForm form = new SupplyForm(view.localSuppliedAt().truncatedTo(ChronoUnit.MINUTES).toString(),
                s.getStorageId(), s.getSupplierId(), s.getInvoiceNumber(), s.getComment(), paidInFull,
                paidInFull ? null : plain(s.getAmountPaid()), s.getVersion(), rows);
        model.addAttribute("form", form);
        return editor(s, form, model);
    }

    @PostMapping("/stock/supplies/{id}/edit")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String change(@PathVariable UUID id, @Valid @ModelAttribute("form") SupplyForm form, BindingResult result,
                  @RequestParam(defaultValue = "save") String action, Model model, RedirectAttributes redirect) {
        return submit(id, form, result, action, model, redirect);
    }

    @PostMapping("/stock/supplies/{id}/post")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String post(@PathVariable UUID id, @RequestParam(required = false) Long version, RedirectAttributes redirect) {
        return Forms.flash(redirect, "/stock/supplies/" + id, () -> supplies.post(id, version), "supply.posted");
    }

    @PostMapping("/stock/supplies/{id}/cancel")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String cancel(@PathVariable UUID id, @RequestParam(required = false) Long version, RedirectAttributes redirect) {
        return Forms.flash(redirect, "/stock/supplies/" + id, () -> supplies.cancel(id, version),
                "supply.cancelled");
    }

    /** The editor's total as it is typed, or why it cannot be worked out yet. Nothing is saved. */
    @PostMapping("/stock/supplies/preview")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String preview(@ModelAttribute("form") SupplyForm form, BindingResult result, Model model) {
        price(form, result.hasFieldErrors(), model);
        return "stock/supply-edit :: total";
    }

    private String submit(UUID id, SupplyForm form, BindingResult result, String action, Model model,
                          RedirectAttributes redirect) {
        Supply existing = id == null ? null : supplies.get(id).supply();
        if (action.equals("addLine") || action.startsWith("remove:")) {
            List<LineForm> rows = new ArrayList<>(form.rows());
            if (action.equals("addLine")) {
                rows.add(LineForm.blank());
            } else {
                int row = parseRow(action.substring("remove:".length()));
                if (row >= 0 && row < rows.size()) {
                    rows.remove(row);
                }
            }
            SupplyForm changed = form.withRows(rows);
            model.addAttribute("form", changed);
            // The rows moved: errors of the old positions would land on the wrong rows.
            model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "form",
                    new org.springframework.validation.BeanPropertyBindingResult(changed, "form"));
            return editor(existing, changed, model);
        }
        boolean post = action.equals("post");
        if (!result.hasErrors()) {
            Optional<Draft> draft = draft(form, result);
            if (draft.isPresent()) {
                try {
                    Supply saved = id == null ? supplies.create(draft.get().input(), post)
                            : supplies.change(id, form.version(), draft.get().input(), post);
                    redirect.addFlashAttribute("success", post ? "supply.posted" : "supply.saved");
                    return "redirect:/stock/supplies/" + saved.getId();
                } catch (RuleViolation e) {
                    reject(result, e, draft.get());
                }
            }
        }
        return editor(existing, form, model);
    }

    private String editor(Supply supply, SupplyForm form, Model model) {
        model.addAttribute("supply", supply);
        Set<UUID> used = new HashSet<>();
        form.rows().forEach(r -> {
            if (r != null && r.ingredientId() != null) {
                used.add(r.ingredientId());
            }
        });
        List<Ingredient> options = ingredients.all().stream()
                .filter(i -> !i.isArchived() || used.contains(i.getId())).toList();
        model.addAttribute("ingredientOptions", options);
        List<Storage> storageOptions = new ArrayList<>(activeStorages());
        if (form.storageId() != null && storageOptions.stream().noneMatch(s -> s.getId().equals(form.storageId()))) {
            try {
                storageOptions.add(storages.get(form.storageId()));
            } catch (RuntimeException e) {
                // Not one of the user's storages: the service refuses it on saving.
            }
        }
        model.addAttribute("storageOptions", storageOptions);
        model.addAttribute("supplierOptions", suppliers.all().stream()
                .filter(s -> !s.isArchived() || s.getId().equals(form.supplierId())).toList());
        model.addAttribute("units", UNITS);
        price(form, false, model);
        return "stock/supply-edit";
    }

    /** Prices the form's lines into the model as {@code preview}, or says why not as {@code previewError}. */
    private void price(SupplyForm form, boolean unreadable, Model model) {
        if (unreadable) {
            model.addAttribute("previewError", message("supply.previewUnreadable"));
            return;
        }
        List<Supplies.LineInput> lines = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        collect(form, lines, rows);
        if (lines.isEmpty()) {
            model.addAttribute("previewEmpty", true);
            return;
        }
        try {
            model.addAttribute("preview", supplies.preview(lines));
        } catch (RuleViolation e) {
            String text = messages.getMessage(e.messageKey(), e.args(), e.messageKey(),
                    LocaleContextHolder.getLocale());
            Matcher m = e.field() == null ? null : LINE_FIELD.matcher(e.field());
            model.addAttribute("previewError", m != null && m.matches()
                    ? message("supply.previewLine", rows.get(Integer.parseInt(m.group(1))) + 1, text) : text);
        }
    }

    private Optional<Draft> draft(SupplyForm form, BindingResult result) {
        LocalDateTime local = null;
        if (form.suppliedAt() != null && !form.suppliedAt().isBlank()) {
            try {
                local = LocalDateTime.parse(form.suppliedAt().trim());
            } catch (DateTimeParseException e) {
                result.rejectValue("suppliedAt", "validation.dateTime", "validation.dateTime");
                return Optional.empty();
            }
        }
        List<Supplies.LineInput> lines = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        collect(form, lines, rows);
        return Optional.of(new Draft(new Supplies.SupplyInput(null, local, form.storageId(), form.supplierId(),
                form.invoiceNumber(), form.comment(), form.paid(), form.amountPaid(), lines), rows));
    }

    /** The rows that are not blank, as lines, and the form row of each. */
    private static void collect(SupplyForm form, List<Supplies.LineInput> lines, List<Integer> rows) {
        List<LineForm> all = form.rows();
        for (int i = 0; i < all.size(); i++) {
            LineForm row = all.get(i);
            if (row == null || row.isBlank()) {
                continue;
            }
            boolean byTotal = "TOTAL".equals(row.pricedBy());
            lines.add(new Supplies.LineInput(row.ingredientId(), row.quantity(), row.unit(),
                    byTotal ? null : row.amount(), byTotal ? row.amount() : null, row.vatRate()));
            rows.add(i);
        }
    }

    /** Puts a rule the service refused under the row and input it is about. */
    private static void reject(BindingResult result, RuleViolation e, Draft draft) {
        Matcher m = e.field() == null ? null : LINE_FIELD.matcher(e.field());
        if (m != null && m.matches() && Integer.parseInt(m.group(1)) < draft.rows().size()) {
            String property = switch (m.group(2)) {
                case "price", "total" -> "amount";
                default -> m.group(2);
            };
            result.rejectValue("lines[" + draft.rows().get(Integer.parseInt(m.group(1))) + "]." + property,
                    e.messageKey(), e.args(), e.messageKey());
        } else {
            Forms.reject(result, e);
        }
    }

    private LineRow lineRow(Supplies.LineView l, CurrentUser me) {
        SupplyLine line = l.line();
        String unitName = line.getUnit() == SupplyLine.LineUnit.PURCHASE ? l.purchaseUnitName()
                : message("unit." + line.getUnit().name());
        return new LineRow(l, unitName, money(line.getPrice(), me), money(line.getTotal(), me),
                money(line.getVatAmount(), me), money(l.pricePerStockUnit(), me), money(l.lastPrice(), me));
    }

    private List<Storage> activeStorages() {
        return storages.search(new Storages.StorageQuery(null, null, false), Pageable.unpaged()).getContent();
    }

    private Map<UUID, String> storageNames() {
        Map<UUID, String> names = new java.util.LinkedHashMap<>();
        storages.search(new Storages.StorageQuery(null, null, true), Pageable.unpaged())
                .forEach(s -> names.put(s.getId(), s.getName()));
        return names;
    }

    private static int parseRow(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private String message(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }

    private static Money money(BigDecimal amount, CurrentUser me) {
        return amount == null ? null : new Money(amount, me.currency());
    }

    private static BigDecimal plain(BigDecimal value) {
        return IngredientPages.plain(value);
    }
}
