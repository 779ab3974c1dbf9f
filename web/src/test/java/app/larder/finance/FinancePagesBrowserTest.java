package app.larder.finance;

import app.larder.support.BrowserTest;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The finance pages as a browser shows them to an owner with a bank account, a safe, rent and a transfer: every page
 * opens with its texts found, and the figures are the ones booked. Screenshots land in {@code target/screenshots}.
 */
class FinancePagesBrowserTest extends BrowserTest {

    private static final String PASSWORD = "correct-horse-battery";

    @Test
    void anOwnerWalksThroughFinance() throws Exception {
        String email = "finance-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        api("/api/v1/signup", """
                {"businessName": "Кафе Облік", "ownerName": "Olha Owner", "email": "%s", "password": "%s",
                 "currency": "UAH", "timezone": "Europe/Kyiv", "locale": "en-GB"}""".formatted(email, PASSWORD));
        token = JsonPath.read(api("/api/v1/auth/tokens", """
                {"email": "%s", "password": "%s"}""".formatted(email, PASSWORD)), "$.token");
        String bank = created("/api/v1/accounts", """
                {"name": "Bank", "kind": "BANK", "openingBalance": "10000", "openingDate": "2026-01-01"}""");
        String safe = created("/api/v1/accounts", """
                {"name": "Safe", "kind": "SAFE", "openingBalance": "0", "openingDate": "2026-01-01"}""");
        String rent = created("/api/v1/finance-categories", """
                {"name": "Оренда", "direction": "EXPENSE"}""");
        api("/api/v1/transactions", """
                {"kind": "EXPENSE", "accountId": "%s", "categoryId": "%s", "amount": "2500", "date": "2026-02-03",
                 "counterparty": "Landlord"}""".formatted(bank, rent));
        api("/api/v1/transactions/transfers", """
                {"fromAccountId": "%s", "toAccountId": "%s", "amount": "1000", "date": "2026-02-04"}"""
                .formatted(bank, safe));

        open("/login");
        driver.findElement(By.name("email")).sendKeys(email);
        driver.findElement(By.name("password")).sendKeys(PASSWORD);
        submit("/login");

        open("/finance/accounts");
        page("finance-01-accounts");
        // 10,000 − 2,500 − 1,000 in the bank, 1,000 in the safe.
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("Bank", "6,500.00", "Safe", "1,000.00");
        open("/finance/transactions?from=2026-02-01&to=2026-02-28");
        page("finance-02-transactions");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("Оренда", "Landlord", "2,500.00");
        open("/finance/categories");
        page("finance-03-categories");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("Оренда");
        open("/finance/cash-flow?from=2026-02-01&to=2026-02-28");
        page("finance-04-cash-flow");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("10,000.00", "6,500.00");
        open("/finance/pnl?from=2026-02-01&through=2026-02-28");
        page("finance-05-pnl");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("Оренда", "2,500.00");
        open("/finance/payables");
        page("finance-06-payables");
        open("/finance/recurring");
        page("finance-07-recurring");
        open("/reports");
        page("finance-08-reports");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("Profit and loss", "Cash flow by account");
    }
}
