package app.larder.stock.web;

import app.larder.business.Storage;
import app.larder.business.Storages;
import app.larder.business.Venue;
import app.larder.business.Venues;
import app.larder.platform.RuleViolation;
import app.larder.platform.security.CurrentUser;
import app.larder.platform.web.Forms;
import app.larder.platform.web.Paging;
import app.larder.stock.Stocktake;
import app.larder.stock.Stocktakes;
import app.larder.stock.Stocktakes.SheetLine;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
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
import org.springframework.web.util.UriComponentsBuilder;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stock → Stocktakes: the list, a new stocktake, and the count sheet of one, where counts are entered (a row at a
 * time as they are typed, or a page at once), posted with a confirmation, or cancelled; with its variance report,
 * also as CSV. Accountants read.
 */
@Controller
class StocktakePages {

    private static final int PAGE_SIZE = 25;
    private static final int SHEET_PAGE_SIZE = 50;
    /** Which items of the sheet to show. */
    static final List<String> SHOWS = List.of("all", "counted", "uncounted", "differences");
    private static final String COUNT_PREFIX = "count.";
    private static final Pattern LINE_FIELD = Pattern.compile("lines\\[(\\d+)]\\.");

    private final Stocktakes stocktakes;
    private final Storages storages;
    private final Venues venues;
    private final MessageSource messages;

    StocktakePages(Stocktakes stocktakes, Storages storages, Venues venues, MessageSource messages) {
        this.stocktakes = stocktakes;
        this.storages = storages;
        this.venues = venues;
        this.messages = messages;
    }

    /** {@code countedAt} as a datetime-local input gives it, in the time zone of the storage's venue; blank: now. */
    record NewForm(@NotNull UUID storageId, String countedAt, @Size(max = 100) String category,
                   @Size(max = 4000) String comment) {
    }

    record HeaderForm(String countedAt, @Size(max = 4000) String comment, Long version) {
    }

    /** A row of the list, its moment written in the time zone of its storage's venue. */
    record ListRow(Stocktakes.Row row, String when) {
    }

    /** A storage to choose, named with its venue where the business has several. */
    record StorageOption(UUID id, String label) {
    }

    /**
     * A row of the sheet as the page shows it: quantities in the item's stock unit, what was typed (kept when it
     * was refused) and why it was refused.
     */
    record SheetRow(SheetLine line, BigDecimal expected, BigDecimal counted, BigDecimal difference, String entered,
                    String error) {

        public String inputName() {
            return COUNT_PREFIX + line.item().getId();
        }
    }

    @InitBinder
    void disallowIds(WebDataBinder binder) {
        binder.setDisallowedFields("id", "tenantId");
    }

    @GetMapping("/stock/stocktakes")
    String list(@RequestParam(required = false) UUID storageId, @RequestParam(required = false) LocalDate from,
                @RequestParam(required = false) LocalDate to, @RequestParam(required = false) String status,
                @RequestParam(required = false) Integer page, @RequestParam(required = false) String sort,
                Model model, CurrentUser me) {
        Stocktakes.Query query;
        try {
            query = StocktakeApi.query(storageId, from, to, status, me.timezone());
        } catch (RuleViolation e) {
            query = StocktakeApi.query(storageId, from, to, null, me.timezone());
        }
        PageRequest request;
        try {
            request = Paging.of(page, PAGE_SIZE, sort, Stocktakes.SORTS.keySet(), "countedAt,desc");
        } catch (RuleViolation e) {
            request = Paging.of(0, PAGE_SIZE, null, Stocktakes.SORTS.keySet(), "countedAt,desc");
        }
        Page<ListRow> found = stocktakes.search(query, request).map(r -> new ListRow(r, when(r.countedAt(),
                r.zone(), me)));
        model.addAttribute("stocktakes", found);
        model.addAttribute("storageOptions", storageOptions(true));
        model.addAttribute("statuses", Stocktake.Status.values());
        model.addAttribute("storageId", storageId);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("status", query.status());
        model.addAttribute("filtered", storageId != null || from != null || to != null || query.status() != null);
        return "stock/stocktakes";
    }

    @GetMapping("/stock/stocktakes/new")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String newStocktake(@RequestParam(required = false) UUID storageId, Model model) {
        model.addAttribute("form", new NewForm(storageId, "", "", ""));
        return newPage(model);
    }

    @PostMapping("/stock/stocktakes/new")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String create(@Valid @ModelAttribute("form") NewForm form, BindingResult result, Model model,
                  RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                Stocktake created = stocktakes.create(new Stocktakes.Details(form.storageId(), null,
                        local(form.countedAt()), form.category(), form.comment()));
                redirect.addFlashAttribute("success", "stocktake.created");
                return "redirect:/stock/stocktakes/" + created.getId();
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        return newPage(model);
    }

    @GetMapping("/stock/stocktakes/{id}")
    String show(@PathVariable UUID id, @RequestParam(required = false) String q,
                @RequestParam(required = false) String show, @RequestParam(required = false) Integer page,
                Model model, CurrentUser me) {
        return sheetPage(stocktakes.sheet(id), q, show, page, Map.of(), Map.of(), null, model, me);
    }

    /** The moment and the comment of a draft. */
    @PostMapping("/stock/stocktakes/{id}")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String changeHeader(@PathVariable UUID id, @Valid @ModelAttribute("header") HeaderForm form,
                        BindingResult result, Model model, CurrentUser me, RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                LocalDateTime local = local(form.countedAt());
                stocktakes.change(id, form.version(), new Stocktakes.Change(null, local,
                        form.comment() == null ? "" : form.comment(), List.of()));
                redirect.addFlashAttribute("success", "stocktake.saved");
                return "redirect:/stock/stocktakes/" + id;
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        model.addAttribute("headerOpen", true);
        return sheetPage(stocktakes.sheet(id), null, null, null, Map.of(), Map.of(), null, model, me);
    }

    /**
     * The counts of the rows on the page, saved at once (without JavaScript, or with the button): an empty field
     * means not counted. Nothing is saved when one of them is refused; the page comes back with what was typed.
     */
    @PostMapping("/stock/stocktakes/{id}/counts")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String saveCounts(@PathVariable UUID id, @RequestParam Map<String, String> params,
                      @RequestParam(required = false) Long version, @RequestParam(required = false) String q,
                      @RequestParam(required = false) String show, @RequestParam(required = false) Integer page,
                      Model model, CurrentUser me, RedirectAttributes redirect) {
        Map<UUID, String> entered = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            if (name.startsWith(COUNT_PREFIX)) {
                try {
                    entered.put(UUID.fromString(name.substring(COUNT_PREFIX.length())), value);
                } catch (IllegalArgumentException e) {
                    // Not a field this page wrote: ignored.
                }
            }
        });
        Map<UUID, String> errors = new HashMap<>();
        List<Stocktakes.Count> counts = new ArrayList<>();
        List<UUID> order = new ArrayList<>();
        entered.forEach((item, value) -> {
            try {
                counts.add(new Stocktakes.Count(item, number(value), null));
                order.add(item);
            } catch (NumberFormatException e) {
                errors.put(item, message("stocktake.notANumber"));
            }
        });
        String failure = null;
        if (errors.isEmpty()) {
            try {
                stocktakes.change(id, version, new Stocktakes.Change(null, null, null, counts));
                redirect.addFlashAttribute("success", "stocktake.countsSaved");
                return "redirect:" + UriComponentsBuilder.fromPath("/stock/stocktakes/" + id)
                        .queryParamIfPresent("q", java.util.Optional.ofNullable(blankToNull(q)))
                        .queryParamIfPresent("show", java.util.Optional.ofNullable(blankToNull(show)))
                        .queryParamIfPresent("page", java.util.Optional.ofNullable(page))
                        .build().encode().toUriString();
            } catch (RuleViolation e) {
                UUID item = lineItem(e, order);
                if (item != null) {
                    errors.put(item, message(e.messageKey(), e.args()));
                } else {
                    failure = message(e.messageKey(), e.args());
                }
            }
        }
        if (failure == null) {
            failure = message("stocktake.countsRefused");
        }
        return sheetPage(stocktakes.sheet(id), q, show, page, entered, errors, failure, model, me);
    }

    /** One count, as it is typed (htmx): the row comes back, with the variance and the new version out of band. */
    @PostMapping("/stock/stocktakes/{id}/counts/{itemId}")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String saveCount(@PathVariable UUID id, @PathVariable UUID itemId, HttpServletRequest request, Model model,
                     CurrentUser me) {
        String value = request.getParameter(COUNT_PREFIX + itemId);
        String error = null;
        try {
            stocktakes.change(id, null, new Stocktakes.Change(null, null, null,
                    List.of(new Stocktakes.Count(itemId, number(value), null))));
        } catch (NumberFormatException e) {
            error = message("stocktake.notANumber");
        } catch (RuleViolation e) {
            error = message(e.messageKey(), e.args());
        }
        Stocktakes.Sheet sheet = stocktakes.sheet(id);
        SheetLine line = sheet.lines().stream().filter(l -> l.item().getId().equals(itemId)).findFirst()
                .orElseThrow(() -> new app.larder.platform.NotFoundException("ingredient", itemId));
        model.addAttribute("row", row(line, error == null ? null : value, error));
        common(sheet, model, me);
        return "stock/stocktake :: counted";
    }

    @PostMapping("/stock/stocktakes/{id}/post")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String post(@PathVariable UUID id, @RequestParam(required = false) Long version, RedirectAttributes redirect) {
        return Forms.flash(redirect, "/stock/stocktakes/" + id, () -> stocktakes.post(id, version),
                "stocktake.posted");
    }

    @PostMapping("/stock/stocktakes/{id}/cancel")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String cancel(@PathVariable UUID id, @RequestParam(required = false) Long version, RedirectAttributes redirect) {
        return Forms.flash(redirect, "/stock/stocktakes/" + id, () -> stocktakes.cancel(id, version),
                "stocktake.cancelled");
    }

    @GetMapping("/stock/stocktakes/{id}/variance.csv")
    ResponseEntity<String> varianceCsv(@PathVariable UUID id) {
        return StocktakeApi.csv(id, stocktakes.varianceCsv(id));
    }

    private String sheetPage(Stocktakes.Sheet sheet, String q, String show, Integer page, Map<UUID, String> entered,
                             Map<UUID, String> errors, String failure, Model model, CurrentUser me) {
        String wanted = show != null && SHOWS.contains(show) ? show : "all";
        String text = q == null ? "" : q.trim().toLowerCase(Locale.ROOT);
        List<SheetLine> shown = sheet.lines().stream()
                .filter(l -> text.isEmpty() || l.item().getName().toLowerCase(Locale.ROOT).contains(text))
                .filter(l -> switch (wanted) {
                    case "counted" -> l.isCounted();
                    case "uncounted" -> !l.isCounted();
                    case "differences" -> l.isCounted() && l.difference().signum() != 0;
                    default -> true;
                })
                .toList();
        int pages = Math.max(1, (shown.size() + SHEET_PAGE_SIZE - 1) / SHEET_PAGE_SIZE);
        int number = page == null || page < 0 ? 0 : Math.min(page, pages - 1);
        List<SheetRow> rows = shown.subList(number * SHEET_PAGE_SIZE,
                        Math.min(shown.size(), (number + 1) * SHEET_PAGE_SIZE)).stream()
                .map(l -> row(l, entered.get(l.item().getId()), errors.get(l.item().getId()))).toList();
        model.addAttribute("rows", new PageImpl<>(rows, PageRequest.of(number, SHEET_PAGE_SIZE), shown.size()));
        model.addAttribute("q", q);
        model.addAttribute("show", wanted);
        model.addAttribute("shows", SHOWS);
        model.addAttribute("page", number);
        model.addAttribute("countFailure", failure);
        Stocktake s = sheet.stocktake();
        if (!model.containsAttribute("header")) {
            model.addAttribute("header", new HeaderForm(LocalDateTime.ofInstant(s.getCountedAt(), sheet.zone())
                    .truncatedTo(ChronoUnit.SECONDS).toString(), s.getComment(), s.getVersion()));
        }
        common(sheet, model, me);
        return "stock/stocktake";
    }

    /** What every view of a stocktake shows: its header, its variance, and whether this user may count. */
    private void common(Stocktakes.Sheet sheet, Model model, CurrentUser me) {
        Stocktake s = sheet.stocktake();
        model.addAttribute("stocktake", s);
        model.addAttribute("sheet", sheet);
        model.addAttribute("storage", sheet.storage());
        model.addAttribute("zone", sheet.zone().getId());
        model.addAttribute("when", when(s.getCountedAt(), sheet.zone(), me));
        model.addAttribute("editor", me.hasRole("OWNER") || me.hasRole("MANAGER"));
        model.addAttribute("editable", (me.hasRole("OWNER") || me.hasRole("MANAGER"))
                && s.getStatus() == Stocktake.Status.DRAFT);
    }

    private static SheetRow row(SheetLine line, String entered, String error) {
        return new SheetRow(line, line.inStockUnit(line.expected()), line.inStockUnit(line.counted()),
                line.inStockUnit(line.difference()), entered, error);
    }

    private String newPage(Model model) {
        model.addAttribute("storageOptions", storageOptions(false));
        model.addAttribute("categories", stocktakes.categories());
        return "stock/stocktake-new";
    }

    private List<StorageOption> storageOptions(boolean archivedToo) {
        Map<UUID, String> venueNames = new HashMap<>();
        List<Venue> active = venues.active();
        active.forEach(v -> venueNames.put(v.getId(), v.getName()));
        List<StorageOption> options = new ArrayList<>();
        for (Storage s : storages.search(new Storages.StorageQuery(null, null, archivedToo),
                PageRequest.of(0, 1000, Sort.by("name"))).getContent()) {
            String venue = venueNames.get(s.getVenueId());
            options.add(new StorageOption(s.getId(), active.size() > 1 && venue != null
                    ? venue + " · " + s.getName() : s.getName()));
        }
        return options;
    }

    /** The item a refused line of a change was about, from the field the service named ({@code lines[3].…}). */
    private static UUID lineItem(RuleViolation e, List<UUID> order) {
        if (e.field() == null) {
            return null;
        }
        Matcher m = LINE_FIELD.matcher(e.field());
        if (!m.lookingAt()) {
            return null;
        }
        int index = Integer.parseInt(m.group(1));
        return index < order.size() ? order.get(index) : null;
    }

    /** A count as typed: blank is none; a comma is read as the decimal separator. */
    private static BigDecimal number(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return new BigDecimal(value.trim().replace(" ", "").replace(',', '.'));
    }

    private static LocalDateTime local(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new RuleViolation("countedAt", "validation.dateTime");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** A moment in the time zone of the storage's venue, naming the zone when it is not the business's. */
    static String when(Instant at, ZoneId zone, CurrentUser me) {
        String text = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(LocaleContextHolder.getLocale()).withZone(zone).format(at);
        return zone.equals(me.timezone()) ? text : text + " (" + zone.getId() + ")";
    }

    private String message(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }
}
