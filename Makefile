# SPDX-License-Identifier: GPL-2.0
#
# cbdma: I/OAT DMA offload stack. `make check` and `make run` set up
# everything on a fresh Debian 12 machine; see README.md.
#
# Building the modules only:
#   make                      against the cached guest kernel (built if needed)
#   make KDIR=/lib/modules/$(uname -r)/build   against another kernel

TOOLS := $(CURDIR)/tools
FLAVOUR ?= default
SUITE ?=
SCRIPT ?=
FILES ?=
CBDMA_DEVICES ?= 2
PROPS ?=

.PHONY: all modules deps kernel qemu run check check-debug check-faults peer bench vm \
	shell checkpatch clean help

all: modules

ifeq ($(KDIR),)
modules:
	@$(TOOLS)/build/modules.sh $(FLAVOUR)
else
modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules
endif

deps:
	@$(TOOLS)/build/deps.sh

kernel:
	@$(TOOLS)/build/kernel.sh $(FLAVOUR)

qemu:
	@$(TOOLS)/build/qemu.sh

run:
	@$(TOOLS)/vm/vm.sh --flavour $(FLAVOUR) --cbdma $(CBDMA_DEVICES) \
		--props "$(PROPS)" --name run $(TOOLS)/testing/cbdma/run.sh

check:
	@$(TOOLS)/testing/cbdma/check.sh --flavour $(FLAVOUR) --suite "$(SUITE)"

check-debug:
	@$(TOOLS)/testing/cbdma/check.sh --flavour debug --suite "$(SUITE)"

# one boot of boots.conf: md over atx with injected faults
check-faults:
	@$(TOOLS)/testing/cbdma/check.sh --flavour $(FLAVOUR) --boots atxfault

peer:
	@$(TOOLS)/testing/cbdma/check.sh --flavour $(FLAVOUR) --boots peer

bench:
	@$(TOOLS)/bench/bench.sh --flavour $(FLAVOUR)

vm:
	@test -n "$(SCRIPT)" || { echo "usage: make vm SCRIPT=path [FILES=...]"; exit 2; }
	@$(TOOLS)/vm/vm.sh --flavour $(FLAVOUR) --cbdma $(CBDMA_DEVICES) \
		--props "$(PROPS)" --files "$(FILES)" $(abspath $(SCRIPT)); \
	rc=$$?; [ $$rc = 0 ] || echo "make vm: $(SCRIPT) exited with status $$rc"; \
	exit $$rc

shell:
	@$(TOOLS)/vm/vm.sh --flavour $(FLAVOUR) --cbdma $(CBDMA_DEVICES) \
		--props "$(PROPS)" --shell

checkpatch:
	@$(TOOLS)/build/checkpatch.sh

clean:
ifneq ($(KDIR),)
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
endif
	rm -rf $${CBDMA_CACHE:-$$HOME/.cache/cbdma}/modules $${CBDMA_CACHE:-$$HOME/.cache/cbdma}/runs

help:
	@sed -n '/^## /,$$p' README.md | head -60
