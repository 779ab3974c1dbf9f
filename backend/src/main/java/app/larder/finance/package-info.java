/**
 * Finance: accounts (cash desks, safes, bank accounts, card acquiring), finance categories, transactions (income,
 * expense, transfers), the money that follows from operations (receipts, refunds, cash-shift events, supplier
 * payments), supplier payables, and the reports built on them (P&L, cash flow, cash shifts).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "business", "stock",
        "recipe", "menu", "sales", "pos"})
package app.larder.finance;
