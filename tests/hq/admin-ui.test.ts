import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { backends, FakeTerminal, newId, openHq, type TestHq } from './support';

const root = resolve(__dirname, '../..');

/** The owner's day in HQ's admin, in Bulgarian, in Debian's Chromium. */
describe.each(backends)('HQ admin UI on $name', (backend) => {
  let hq: TestHq;
  let browser: Browser;
  beforeAll(async () => {
    if (!existsSync(resolve(root, 'hq/admin/dist/index.html'))) execSync('npm run build:hq-admin --silent', { cwd: root, stdio: 'inherit' });
    hq = await openHq(backend);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await hq?.destroy();
  }, 180_000);

  it('creates a store, makes an enrol code a terminal can use, and resolves a double spend', { timeout: 180_000 }, async () => {
    const page = await browser.newPage();
    await page.goto(`${hq.url}/admin/`);
    await page.getByLabel('Парола на администратора').fill('wrong');
    await page.getByRole('button', { name: 'Вход' }).click();
    await page.getByRole('alert').filter({ hasText: 'Грешна парола' }).waitFor();
    await page.getByLabel('Парола на администратора').fill('admin-test-password');
    await page.getByRole('button', { name: 'Вход' }).click();

    await page.getByLabel('Нова организация').fill('Кафе Сутрин');
    await page.getByRole('button', { name: 'Създай' }).first().click();
    await page.getByLabel('Организация').locator('option', { hasText: 'Кафе Сутрин' }).waitFor({ state: 'attached' });
    const form = page.getByRole('form', { name: 'Нов обект' });
    await form.getByLabel('Име').fill('Витошка');
    await form.getByLabel('Валута').selectOption('EUR');
    await form.getByRole('button', { name: 'Създай' }).click();
    const store = page.locator('article[data-store="Витошка"]');
    await store.getByRole('button', { name: 'Нов код за регистрация' }).click();
    const code = (await store.getByTestId('enrol-code').textContent())!.trim();
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);

    // The code works once, on a real enrolment.
    const [org] = (await hq.admin.listOrganisations()).filter((o) => o.name === 'Кафе Сутрин');
    const [storeRow] = await hq.admin.listStores(org!.id);
    const till = new FakeTerminal(hq.url);
    expect((await till.enrol(code, 'Каса 1')).status).toBe(200);
    expect(till.enrolment!.storeId).toBe(storeRow!.id);
    await page.getByRole('tab', { name: 'Обобщение' }).click();
    await page.getByRole('tab', { name: 'Обекти и терминали' }).click();
    await store.getByRole('cell', { name: 'Каса 1' }).waitFor();

    // Two tills spend the same free drink offline.
    const other = await FakeTerminal.enrolled(hq, storeRow!.id, 'Каса 2');
    const customer = newId();
    await till.push([till.enrolCustomer(customer, 'Гергана Стоянова'), till.ledger(customer, 'stamp.convert', [['reward:free-drink', 1]])]);
    await till.push([till.ledger(customer, 'reward.redeem', [['reward:free-drink', -1]])]);
    expect((await other.push([other.ledger(customer, 'reward.redeem', [['reward:free-drink', -1]])])).body.conflicts).toBe(1);

    await page.getByRole('tab', { name: 'Конфликти' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Гергана Стоянова' });
    await row.waitFor();
    await page.getByLabel('Вашето име').fill('Мария Петрова');
    await row.getByRole('button', { name: 'Отпиши' }).click();
    await row.getByText('Решен: отписан (Мария Петрова)').waitFor();
    expect(await hq.admin.customerBalances(org!.id, customer)).toEqual({ 'reward:free-drink': 0 });
    expect(await hq.admin.listConflicts(org!.id, { open: true })).toEqual([]);

    // Customer lookup across stores, and the language switch.
    await page.getByRole('tab', { name: 'Клиенти' }).click();
    await page.getByLabel('Търсене по име, телефон или карта').fill('Гергана');
    await page.getByRole('button', { name: 'Търси' }).click();
    await page.getByRole('cell', { name: 'reward:free-drink: 0' }).waitFor();
    await page.getByLabel('language').selectOption('ru');
    await page.getByRole('tab', { name: 'Конфликты' }).waitFor();
    await page.close();
  });

  it('adds a barista for every store, takes her off the tills, and publishes a catalogue', { timeout: 180_000 }, async () => {
    const { id: organisationId } = await hq.admin.createOrganisation({ name: 'Кафе Вечер' });
    const { id: storeId } = await hq.admin.createStore({ organisationId, name: 'Център', currency: 'EUR', timeZone: 'Europe/Sofia' });
    const till = await FakeTerminal.enrolled(hq, storeId);
    const page = await browser.newPage();
    await page.goto(`${hq.url}/admin/`);
    await page.getByLabel('Парола на администратора').fill('admin-test-password');
    await page.getByRole('button', { name: 'Вход' }).click();
    await page.getByLabel('Организация').locator('option', { hasText: 'Кафе Вечер' }).waitFor({ state: 'attached' });
    await page.getByLabel('Организация', { exact: true }).selectOption({ label: 'Кафе Вечер' });

    await page.getByRole('tab', { name: 'Персонал' }).click();
    await page.getByLabel('Име', { exact: true }).fill('Десислава Колева');
    await page.getByLabel('Роля').selectOption('barista');
    await page.getByLabel('ПИН (4-8 цифри)').fill('5831');
    await page.getByRole('button', { name: 'Добави във всички обекти' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Десислава Колева' });
    await row.getByRole('button', { name: 'Свали от касите' }).click();
    await row.getByRole('button', { name: 'Върни на касите' }).waitFor();

    await page.getByRole('tab', { name: 'Каталог', exact: true }).click();
    const name = { bg: 'Мока', ru: 'Мокко', en: 'Mocha' };
    await page.getByLabel('Каталог (JSON: категории, артикули, добавки)').fill(
      JSON.stringify({ categories: [{ id: 'coffee', name, position: 0 }], items: [{ id: 'mocha', categoryId: 'coffee', name, priceMinor: 480, barcode: null, position: 0 }], modifiers: [] }),
    );
    await page.getByRole('button', { name: 'Публикувай във всички обекти' }).click();
    await page.getByText('Версия на каталога: 1').waitFor();

    const { items } = await till.drainFeed();
    const staff = items.filter((i) => i.kind === 'staff').map((i) => (i.kind === 'staff' ? [i.staff.name, i.staff.role, i.staff.active] : []));
    expect(staff).toEqual([
      ['Десислава Колева', 'barista', true],
      ['Десислава Колева', 'barista', false],
    ]);
    expect(JSON.stringify(items)).not.toContain('5831');
    expect(items.filter((i) => i.kind === 'catalogue')).toMatchObject([{ version: 1, catalogue: { items: [{ id: 'mocha', priceMinor: 480 }] } }]);
    await page.close();
  });

  it('draws the chain as a picture: customers and sales per store as bars beside their figures', { timeout: 180_000 }, async () => {
    const { id: organisationId } = await hq.admin.createOrganisation({ name: 'Пекарна Хляб' });
    const big = await hq.admin.createStore({ organisationId, name: 'Лозенец', currency: 'EUR', timeZone: 'Europe/Sofia' });
    const small = await hq.admin.createStore({ organisationId, name: 'Младост', currency: 'EUR', timeZone: 'Europe/Sofia' });
    const bigTill = await FakeTerminal.enrolled(hq, big.id);
    const smallTill = await FakeTerminal.enrolled(hq, small.id);
    expect((await bigTill.push([bigTill.enrolCustomer(), bigTill.enrolCustomer(), bigTill.enrolCustomer(), bigTill.enrolCustomer()])).status).toBe(200);
    expect((await smallTill.push([smallTill.enrolCustomer()])).status).toBe(200);

    const page = await browser.newPage();
    await page.goto(`${hq.url}/admin/`);
    await page.getByLabel('Парола на администратора').fill('admin-test-password');
    await page.getByRole('button', { name: 'Вход' }).click();
    await page.getByLabel('Организация').locator('option', { hasText: 'Пекарна Хляб' }).waitFor({ state: 'attached' });
    await page.getByLabel('Организация', { exact: true }).selectOption({ label: 'Пекарна Хляб' });
    await page.getByRole('tab', { name: 'Обобщение' }).click();

    const customers = page.getByTestId('chart-customers');
    await customers.getByRole('img').waitFor();
    // The store with four times the customers has the full bar, the other a quarter of it.
    expect(await customers.getByTestId(`chart-customers-${big.id}`).getAttribute('data-share')).toBe('1.000');
    expect(await customers.getByTestId(`chart-customers-${small.id}`).getAttribute('data-share')).toBe('0.250');
    const label = await customers.getByRole('img').getAttribute('aria-label');
    expect(label).toContain('Лозенец 4');
    expect(label).toContain('Младост 1');
    // No sales yet: the rows are there with their figure, without a bar.
    const sales = page.getByTestId('chart-sales-EUR');
    expect(await sales.getByTestId(`chart-sales-EUR-${big.id}`).getAttribute('data-share')).toBe('0.000');
    await sales.getByText(/^0,00\s€$/).first().waitFor();
    await page.screenshot({ path: resolve(root, `tests/output/hq-summary-${backend.name}.png`), fullPage: true });
    await page.close();
  });
});
