# reflect.bash - bash completion for reflect: commands, options and formats.
_reflect()
{
	local cur prev cmd i
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	--journal|--passphrase-file|--new-passphrase-file|-o|--output)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--format)
		COMPREPLY=($(compgen -W "json md html txt pdf jrnl jrnl-json text" -- "$cur")); return ;;
	--layout)
		COMPREPLY=($(compgen -W "pnc gibbs nmc" -- "$cur")); return ;;
	--kdf)
		COMPREPLY=($(compgen -W "interactive moderate sensitive" -- "$cur")); return ;;
	esac
	cmd=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--journal|--passphrase-file|--new-passphrase-file|--lock-after) ((i++)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--journal --passphrase-file --new-passphrase-file --lock-after --plain --version --help" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(reflect help --list 2>/dev/null)" -- "$cur"))
		fi
		return
	fi
	if [ "$cmd" = help ]; then
		COMPREPLY=($(compgen -W "$(reflect help --list 2>/dev/null)" -- "$cur"))
	elif [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "--since --until --theme --emotion --family --visit-type --search --flagged --portfolio --format --layout --limit --force -o --redact --keep-identifiers --kdf --to --entry --responses --shared --from --verified --cover --title --name --session --credential --fingerprint" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -F _reflect reflect
