"""Contains all the data models used in inputs/outputs"""

from .actor import Actor
from .audit_details import AuditDetails
from .audit_event import AuditEvent
from .audit_event_action import AuditEventAction
from .audit_event_changes import AuditEventChanges
from .audit_event_page_data import AuditEventPageData
from .audit_event_page_response import AuditEventPageResponse
from .audit_resource import AuditResource
from .audit_resource_type import AuditResourceType
from .batch_created import BatchCreated
from .batch_created_response import BatchCreatedResponse
from .category import Category
from .category_data import CategoryData
from .category_input import CategoryInput
from .category_page_data import CategoryPageData
from .category_page_response import CategoryPageResponse
from .category_patch import CategoryPatch
from .category_response import CategoryResponse
from .currency import Currency
from .deleted import Deleted
from .deleted_data import DeletedData
from .deleted_response import DeletedResponse
from .error_envelope import ErrorEnvelope
from .error_facts import ErrorFacts
from .error_info import ErrorInfo
from .error_info_code import ErrorInfoCode
from .error_meta import ErrorMeta
from .field_change import FieldChange
from .field_problem import FieldProblem
from .health import Health
from .health_response import HealthResponse
from .image import Image
from .inventory import Inventory
from .jwk import Jwk
from .jwk_set import JwkSet
from .list_products_order import ListProductsOrder
from .list_products_sort import ListProductsSort
from .location import Location
from .location_patch import LocationPatch
from .meta import Meta
from .open_api_response_200 import OpenApiResponse200
from .pagination import Pagination
from .product import Product
from .product_attributes import ProductAttributes
from .product_data import ProductData
from .product_image import ProductImage
from .product_input import ProductInput
from .product_input_attributes import ProductInputAttributes
from .product_input_specifications import ProductInputSpecifications
from .product_input_status import ProductInputStatus
from .product_location import ProductLocation
from .product_page_data import ProductPageData
from .product_page_response import ProductPageResponse
from .product_patch import ProductPatch
from .product_patch_attributes import ProductPatchAttributes
from .product_patch_specifications import ProductPatchSpecifications
from .product_patch_status import ProductPatchStatus
from .product_recurrence import ProductRecurrence
from .product_recurrence_interval import ProductRecurrenceInterval
from .product_response import ProductResponse
from .product_specifications import ProductSpecifications
from .product_status import ProductStatus
from .product_stock_level import ProductStockLevel
from .product_tax import ProductTax
from .product_update import ProductUpdate
from .product_update_attributes_type_0 import ProductUpdateAttributesType0
from .product_update_specifications_type_0 import ProductUpdateSpecificationsType0
from .product_update_status_type_0 import ProductUpdateStatusType0
from .rate_limit_meta import RateLimitMeta
from .recurrence import Recurrence
from .recurrence_interval import RecurrenceInterval
from .recurrence_patch import RecurrencePatch
from .recurrence_patch_interval import RecurrencePatchInterval
from .refresh_request import RefreshRequest
from .revocation import Revocation
from .revocation_response import RevocationResponse
from .revoke_request import RevokeRequest
from .stock_operation import StockOperation
from .stock_operation_operation import StockOperationOperation
from .tax import Tax
from .token_grant import TokenGrant
from .token_grant_response import TokenGrantResponse
from .token_request import TokenRequest
from .token_type_hint import TokenTypeHint
from .variant import Variant
from .variant_attributes import VariantAttributes
from .variant_input import VariantInput
from .variant_input_attributes import VariantInputAttributes

__all__ = (
    "Actor",
    "AuditDetails",
    "AuditEvent",
    "AuditEventAction",
    "AuditEventChanges",
    "AuditEventPageData",
    "AuditEventPageResponse",
    "AuditResource",
    "AuditResourceType",
    "BatchCreated",
    "BatchCreatedResponse",
    "Category",
    "CategoryData",
    "CategoryInput",
    "CategoryPageData",
    "CategoryPageResponse",
    "CategoryPatch",
    "CategoryResponse",
    "Currency",
    "Deleted",
    "DeletedData",
    "DeletedResponse",
    "ErrorEnvelope",
    "ErrorFacts",
    "ErrorInfo",
    "ErrorInfoCode",
    "ErrorMeta",
    "FieldChange",
    "FieldProblem",
    "Health",
    "HealthResponse",
    "Image",
    "Inventory",
    "Jwk",
    "JwkSet",
    "ListProductsOrder",
    "ListProductsSort",
    "Location",
    "LocationPatch",
    "Meta",
    "OpenApiResponse200",
    "Pagination",
    "Product",
    "ProductAttributes",
    "ProductData",
    "ProductImage",
    "ProductInput",
    "ProductInputAttributes",
    "ProductInputSpecifications",
    "ProductInputStatus",
    "ProductLocation",
    "ProductPageData",
    "ProductPageResponse",
    "ProductPatch",
    "ProductPatchAttributes",
    "ProductPatchSpecifications",
    "ProductPatchStatus",
    "ProductRecurrence",
    "ProductRecurrenceInterval",
    "ProductResponse",
    "ProductSpecifications",
    "ProductStatus",
    "ProductStockLevel",
    "ProductTax",
    "ProductUpdate",
    "ProductUpdateAttributesType0",
    "ProductUpdateSpecificationsType0",
    "ProductUpdateStatusType0",
    "RateLimitMeta",
    "Recurrence",
    "RecurrenceInterval",
    "RecurrencePatch",
    "RecurrencePatchInterval",
    "RefreshRequest",
    "Revocation",
    "RevocationResponse",
    "RevokeRequest",
    "StockOperation",
    "StockOperationOperation",
    "Tax",
    "TokenGrant",
    "TokenGrantResponse",
    "TokenRequest",
    "TokenTypeHint",
    "Variant",
    "VariantAttributes",
    "VariantInput",
    "VariantInputAttributes",
)
