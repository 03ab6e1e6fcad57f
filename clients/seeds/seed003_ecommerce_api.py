import requests
from typing import Dict, Optional

class EcommerceAPI:
    def __init__(self, api_key: str, base_url: str = "https://api.example.com"):
        self.base_url = base_url
        self.headers = {
            "Authorization": f"Bearer {api_key}",
            "Content-Type": "application/json"
        }

    def get_products(self, page: int = 1, limit: int = 20) -> Dict:
        """Get product list"""
        try:
            response = requests.get(
                f"{self.base_url}/api/v1/products",
                headers=self.headers,
                params={"page": page, "limit": limit}
            )
            response.raise_for_status()
            return response.json()
        except requests.exceptions.RequestException as e:
            self._handle_error(e)

    def create_product(self, product_data: Dict) -> Dict:
        """Create new product"""
        try:
            response = requests.post(
                f"{self.base_url}/api/v1/products",
                headers=self.headers,
                json=product_data
            )
            response.raise_for_status()
            return response.json()
        except requests.exceptions.RequestException as e:
            self._handle_error(e)

    def _handle_error(self, error: Exception) -> None:
        """Error handling"""
        if isinstance(error, requests.exceptions.HTTPError):
            print(f"HTTP error: {error.response.json()}")
        elif isinstance(error, requests.exceptions.ConnectionError):
            print("Connection error: Cannot connect to server")
        else:
            print(f"Error: {str(error)}")
