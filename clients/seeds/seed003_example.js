// Seed 003's usage example, run as its document prints it against the base URL and client
// given on the command line; prints what each step answered as one JSON object, for the
// integration test to check.
const axios = require('axios');
const { ApiClient } = require('./seed003_api_client');

const DOCUMENTED_HOST = 'https://api.example.com';

async function example(baseUrl, clientId, clientSecret) {
  // The document's hard-coded host (the token manager's refresh) is this service.
  axios.interceptors.request.use((config) => {
    config.url = config.url.replace(DOCUMENTED_HOST, baseUrl);
    return config;
  });
  const apiClient = new ApiClient(baseUrl, clientId, clientSecret);

  // Initialize client
  await apiClient.initialize();

  // Use client to send requests
  const products = await apiClient.get('/api/v1/products');
  const newProduct = await apiClient.post('/api/v1/products', {
    name: 'New Product',
    description: 'Product description',
    price: 99.99,
    category_id: 'electronics'
  });
  // The token manager refreshes when its token is expired: force it, as time would.
  apiClient.tokenManager.expiresAt = 0;
  const updated = await apiClient.put(`/api/v1/products/${newProduct.data.item.id}`, { price: 120.0 });
  const removed = await apiClient.delete(`/api/v1/products/${newProduct.data.item.id}`);
  return { products, newProduct, updated, removed };
}

const [baseUrl, clientId, clientSecret] = process.argv.slice(2);
example(baseUrl, clientId, clientSecret)
  .then((result) => console.log(JSON.stringify(result)))
  .catch((error) => {
    console.error(error.response ? JSON.stringify(error.response.data) : error.message);
    process.exit(1);
  });
