# Everything on: the defaults of images.mk are this image.
V_ROLE := product
