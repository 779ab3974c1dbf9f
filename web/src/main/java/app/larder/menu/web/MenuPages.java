package app.larder.menu.web;

import app.larder.business.Venues;
import app.larder.menu.Categories;
import app.larder.menu.MenuItem;
import app.larder.menu.MenuItems;
import app.larder.menu.MenuSettingsService;
import app.larder.menu.Spreadsheets;
import app.larder.platform.RuleViolation;
import app.larder.platform.web.Forms;
import app.larder.platform.web.Paging;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

/** The menu list with costs and margins, the food cost target, and moving in from a spreadsheet. */
@Controller
class MenuPages {

    static final Set<String> KINDS = Set.of("ingredients", "menu-items", "tech-cards");

    private final MenuItems items;
    private final Categories categories;
    private final Venues venues;
    private final MenuSettingsService settings;
    private final Spreadsheets spreadsheets;
    private final SpreadsheetApi reports;

    MenuPages(MenuItems items, Categories categories, Venues venues, MenuSettingsService settings,
              Spreadsheets spreadsheets, SpreadsheetApi reports) {
        this.items = items;
        this.categories = categories;
        this.venues = venues;
        this.settings = settings;
        this.spreadsheets = spreadsheets;
        this.reports = reports;
    }

    @GetMapping("/menu/items")
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) UUID categoryId,
                @RequestParam(required = false) MenuItem.Kind kind, @RequestParam(required = false) UUID venueId,
                @RequestParam(defaultValue = "false") boolean aboveTarget,
                @RequestParam(defaultValue = "false") boolean archived,
                @RequestParam(required = false) Integer page, @RequestParam(required = false) String sort,
                Model model) {
        PageRequest paging;
        try {
            paging = Paging.of(page, 50, sort, MenuItems.SORTS.keySet(), "name");
        } catch (RuleViolation e) {
            paging = Paging.of(0, 50, null, MenuItems.SORTS.keySet(), "name");
        }
        var order = paging.getSort().iterator().next();
        model.addAttribute("items", items.list(new MenuItems.MenuQuery(q, categoryId, kind, venueId, archived,
                aboveTarget), paging.getPageNumber(), paging.getPageSize(), order.getProperty(), order.isDescending()));
        model.addAttribute("categories", categories.tree());
        model.addAttribute("venues", venues.active());
        model.addAttribute("target", settings.foodCostTarget());
        model.addAttribute("q", q);
        model.addAttribute("categoryId", categoryId);
        model.addAttribute("kind", kind);
        model.addAttribute("venueId", venueId);
        model.addAttribute("aboveTarget", aboveTarget);
        model.addAttribute("archived", archived);
        return "menu/items";
    }

    @PostMapping("/menu/settings")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String target(@RequestParam(required = false) BigDecimal foodCostTarget, RedirectAttributes redirect) {
        return Forms.flash(redirect, "/menu/items", () -> settings.setFoodCostTarget(foodCostTarget),
                "menu.targetSaved");
    }

    @GetMapping("/menu/import")
    String importPage(Model model) {
        model.addAttribute("kinds", KINDS);
        return "menu/import";
    }

    @PostMapping("/menu/import/{kind}")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String importFile(@PathVariable String kind, @RequestParam("file") MultipartFile file,
                      @RequestParam(defaultValue = "false") boolean onlyValid, Model model) throws IOException {
        if (!KINDS.contains(kind)) {
            throw new app.larder.platform.NotFoundException("import", null);
        }
        String csv = new String(file.getBytes(), StandardCharsets.UTF_8);
        Spreadsheets.Report report = switch (kind) {
            case "ingredients" -> spreadsheets.importIngredients(csv, onlyValid);
            case "menu-items" -> spreadsheets.importMenuItems(csv, onlyValid);
            default -> spreadsheets.importTechCards(csv, onlyValid);
        };
        model.addAttribute("kinds", KINDS);
        model.addAttribute("importedKind", kind);
        model.addAttribute("report", reports.response(report));
        return "menu/import";
    }

    @GetMapping("/menu/export/{kind}.csv")
    ResponseEntity<String> export(@PathVariable String kind) {
        String csv = switch (kind) {
            case "ingredients" -> spreadsheets.exportIngredients();
            case "menu-items" -> spreadsheets.exportMenuItems();
            case "tech-cards" -> spreadsheets.exportTechCards();
            default -> throw new app.larder.platform.NotFoundException("export", null);
        };
        return ResponseEntity.ok().contentType(SpreadsheetApi.CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + kind + ".csv\"").body(csv);
    }
}
