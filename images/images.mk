# placeholder until the images land
images:
	@mkdir -p images/build
