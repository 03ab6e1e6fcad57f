// Seed 003's token manager and API client, reassembled from the fragments its document prints,
// line for line; only the `require` and the exports are added. The token manager hard-codes
// its refresh URL on https://api.example.com: seed003_example.js points that host at the
// base URL it is given, as a client pointed at this service would.
const axios = require('axios');

// Token Management Class
class TokenManager {
  constructor() {
    this.accessToken = null;
    this.refreshToken = null;
    this.expiresAt = null;
  }

  // Set tokens
  setTokens(accessToken, refreshToken, expiresIn) {
    this.accessToken = accessToken;
    this.refreshToken = refreshToken;
    // Set expiration time (expire 5 minutes early for safety)
    this.expiresAt = Date.now() + (expiresIn - 300) * 1000;
  }

  // Get valid token
  async getValidToken() {
    // If token doesn't exist or has expired, refresh it
    if (!this.accessToken || this.isTokenExpired()) {
      await this.refreshAccessToken();
    }
    return this.accessToken;
  }

  // Check if token is expired
  isTokenExpired() {
    return Date.now() >= this.expiresAt;
  }

  // Refresh access token
  async refreshAccessToken() {
    try {
      const response = await axios.post('https://api.example.com/api/v1/auth/refresh', {
        refresh_token: this.refreshToken,
        grant_type: 'refresh_token'
      });

      const { access_token, refresh_token, expires_in } = response.data.data;
      this.setTokens(access_token, refresh_token, expires_in);
    } catch (error) {
      console.error('Failed to refresh token:', error);
      // If refresh fails, user may need to log in again
      throw new Error('Authentication failed, please log in again');
    }
  }
}

// API client using token manager
class ApiClient {
  constructor(baseUrl, clientId, clientSecret) {
    this.baseUrl = baseUrl;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.tokenManager = new TokenManager();
  }

  // Initialize (get initial token)
  async initialize() {
    try {
      const response = await axios.post(`${this.baseUrl}/api/v1/auth/token`, {
        client_id: this.clientId,
        client_secret: this.clientSecret,
        grant_type: 'client_credentials'
      });

      const { access_token, refresh_token, expires_in } = response.data.data;
      this.tokenManager.setTokens(access_token, refresh_token, expires_in);
    } catch (error) {
      console.error('Failed to initialize API client:', error);
      throw error;
    }
  }

  // Send API request
  async request(method, endpoint, data = null) {
    try {
      // Get valid token
      const token = await this.tokenManager.getValidToken();

      // Send request
      const response = await axios({
        method,
        url: `${this.baseUrl}${endpoint}`,
        data,
        headers: {
          'Authorization': `Bearer ${token}`,
          'Content-Type': 'application/json'
        }
      });

      return response.data;
    } catch (error) {
      if (error.response && error.response.status === 401) {
        // If authentication error, try to refresh token and retry
        await this.tokenManager.refreshAccessToken();
        return this.request(method, endpoint, data);
      }
      throw error;
    }
  }

  // Convenience methods
  async get(endpoint) {
    return this.request('GET', endpoint);
  }

  async post(endpoint, data) {
    return this.request('POST', endpoint, data);
  }

  async put(endpoint, data) {
    return this.request('PUT', endpoint, data);
  }

  async delete(endpoint) {
    return this.request('DELETE', endpoint);
  }
}

module.exports = { TokenManager, ApiClient };
