"""The API's resource families, one module each; reach them as attributes of `AsyncVideoSDK`."""
