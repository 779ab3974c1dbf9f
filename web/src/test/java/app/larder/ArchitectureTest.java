package app.larder;

import app.larder.platform.tenancy.TenantOwned;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The standing safety nets of the architecture (docs/architecture.md). */
class ArchitectureTest {

    private static final JavaClasses LARDER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("app.larder");

    @Test
    void featuresDependOnlyOnWhatTheyDeclareAndFormNoCycles() {
        ApplicationModules.of(LarderApplication.class).verify();
    }

    /**
     * Sales stands on the menu, recipes and the ledger; nothing below it in the feature graph may know it: a receipt
     * writes off stock, stock never asks about receipts.
     */
    @Test
    void noFeatureBelowSalesKnowsIt() {
        noClasses().that().resideInAnyPackage("app.larder.shared..", "app.larder.platform..", "app.larder.business..",
                        "app.larder.stock..", "app.larder.recipe..", "app.larder.menu..")
                .should().dependOnClassesThat().resideInAPackage("app.larder.sales..")
                .check(LARDER);
    }

    /** Only the tenant directory is read across businesses; it holds nothing but keys. */
    @Test
    void everyEntityBelongsToATenantButTheDirectory() {
        classes().that().areAnnotatedWith(Entity.class)
                .and().doNotHaveFullyQualifiedName("app.larder.platform.tenancy.DirectoryEntry")
                .should().beAssignableTo(TenantOwned.class)
                .check(LARDER);
    }

    @Test
    void theDomainKnowsNothingOfTheWeb() {
        noClasses().that().resideOutsideOfPackage("..web..")
                .should().dependOnClassesThat().resideInAnyPackage("..web..", "org.springframework.web..",
                        "jakarta.servlet..")
                .check(LARDER);
    }

    @Test
    void sharedValueTypesStayFreeOfFrameworks() {
        noClasses().that().resideInAPackage("app.larder.shared..").and().doNotHaveSimpleName("package-info")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..",
                        "org.hibernate..")
                .check(LARDER);
    }
}
