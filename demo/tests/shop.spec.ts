import { expect, test } from '@playwright/test';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
});

test('home page lists the products', async ({ page }) => {
  await expect(page.getByRole('heading', { name: 'Demo shop' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'products' }).getByRole('listitem')).toHaveCount(3);
});

test('search narrows the product list', async ({ page }) => {
  await page.getByLabel('Search').fill('mug');
  await expect(page.getByRole('listitem')).toHaveText([/Blue mug/]);
});

test('adding products updates the cart', async ({ page }) => {
  await page.getByRole('button', { name: 'Add Blue mug to cart' }).click();
  await page.getByRole('button', { name: 'Add Teapot to cart' }).click();
  await expect(page.getByLabel('items in cart')).toHaveText('2');
  await expect(page.getByLabel('cart total')).toHaveText('$34.49');
});

test('login greets the customer', async ({ page }) => {
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Password').fill('correct horse');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText('Welcome back, ada@example.com')).toBeVisible();
});
